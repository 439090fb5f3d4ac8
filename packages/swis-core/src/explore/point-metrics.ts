import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import type { NetworkQuantization } from '../quantize/quantize-network.js';
import { type ArchitectureRun, simulateNetwork } from '../simulate/simulate-network.js';
import type { ActivationStats } from '../spec/activation-stats.js';
import type { ArchitectureId } from '../spec/architecture-id.js';
import { type Hardware, HardwareSchema } from '../spec/hardware.js';
import type { Network } from '../spec/network.js';
import { parseInput } from '../spec/parse-input.js';
import { QuantSpecSchema } from '../spec/quant-spec.js';
import { SimulationOptionsSchema } from '../spec/simulation-options.js';
import { type SweepHardwareInput, SweepHardwareSchema } from '../spec/sweep-hardware.js';
import { configHash } from './config-hash.js';
import { splitHardware } from './design-points.js';

const value = z.number();
/** Decibels; null stands for an infinite SQNR (an exact reconstruction), which JSON cannot carry. */
const decibels = z.number().nullable();

/**
 * What one evaluated design point reports; JSON-safe (an infinite SQNR is null). The MetricId ones are
 * named as MetricIdSchema names them.
 */
export const PointMetricsSchema = z.object({
  /** Average storage bits per weight: signs, bit planes, shift sets or exponents; scales excluded (bits). */
  bitsPerWeight: value,
  /** The float32 quantization steps per weight (bits). */
  scaleBitsPerWeight: value,
  /** Weight SQNR, 10 log10(sum w^2 / sse) (dB); null when the reconstruction is exact. */
  sqnrDb: decibels,
  /** Sum of squared weight quantization errors (weight units squared). */
  sse: value,
  /** sse per weight. */
  mse: value,
  /** Network latency, the sum over layers of max(compute, memory) (cycles). */
  cycles: value,
  computeCycles: value,
  memoryCycles: value,
  energyPj: value,
  energyBreakdownPj: z.object({ compute: value, buffers: value, dram: value }),
  /** PE-array area (mm^2). */
  areaMm2: value,
  /** Off-chip traffic (bytes). */
  dramBytes: value,
  /** Busy lane-cycles over available lane-cycles during compute (0..1). */
  utilization: value,
  /** Fraction of lockstep PE-cycles spent waiting for a slower PE (0..1). */
  imbalanceLoss: value,
  /** Baseline cycles / point cycles: above 1 when the point is faster. Only with a baseline. */
  speedupVsBaseline: value.optional(),
  /** Baseline energy / point energy: above 1 when the point uses less energy. Only with a baseline. */
  energyRatioVsBaseline: value.optional(),
  /** Top-1 accuracy (0..1); absent until models carry an evaluation set. */
  accuracy: value.optional(),
});
export type PointMetrics = z.infer<typeof PointMetricsSchema>;

/** One layer of a point: its quantization error and storage, and its simulated cost. */
export const LayerPointDetailSchema = z.object({
  name: z.string(),
  sse: value,
  /** null when the layer is reconstructed exactly. */
  sqnrDb: decibels,
  bitsPerWeight: value,
  /** Mean N over the layer's filters. */
  meanBits: value,
  cycles: value,
  computeCycles: value,
  memoryCycles: value,
  energyPj: value,
  utilization: value,
});
export type LayerPointDetail = z.infer<typeof LayerPointDetailSchema>;

/** Per-layer figures of a point, in the network's layer order. */
export const PointDetailSchema = z.array(LayerPointDetailSchema);
export type PointDetail = z.infer<typeof PointDetailSchema>;

/** A design point's configuration as DesignPoint carries it (extra fields such as configHash are ignored). */
const PointConfigSchema = z.object({
  quant: QuantSpecSchema,
  hardware: HardwareSchema,
  simulation: SimulationOptionsSchema,
});
export type PointConfigInput = z.input<typeof PointConfigSchema>;

/**
 * The sweep baseline simulated for one quantization, to be shared by every point of that quantization.
 * Built by baselineRun.
 */
export interface BaselineRun {
  /** configHash of the quantization spec the run used. */
  readonly quantHash: string;
  readonly arch: ArchitectureId;
  /** The baseline's own array (lanesPerPe defaulting to the quantization's group size). */
  readonly hardware: Hardware;
  readonly run: ArchitectureRun;
}

export interface PointMetricsOptions {
  /**
   * Measured activation statistics (every layer must appear); null: swis-core's default per layer.
   * @defaultValue the configuration's simulation.activationStats (null for design points)
   */
  readonly activationStats?: ActivationStats | null;
  /**
   * The sweep's baseline: a precomputed baselineRun of the same quantization and statistics, or its
   * hardware (then simulated here). Absent or null: no speedupVsBaseline / energyRatioVsBaseline.
   */
  readonly baseline?: BaselineRun | SweepHardwareInput | null;
}

export interface PointEvaluation {
  readonly metrics: PointMetrics;
  readonly detail: PointDetail;
}

/**
 * Simulates a sweep's baseline on its own array (lanesPerPe defaulting to the quantization's group size)
 * with the given quantization and activation statistics, once per quantization of a batch.
 * @throws InvalidInputError for a bad baseline, statistics missing a layer, or a quantization of another
 *   network.
 */
export function baselineRun(
  network: Network,
  quantization: NetworkQuantization,
  baseline: SweepHardwareInput,
  activationStats: ActivationStats | null,
): BaselineRun {
  const parsed = parseInput(SweepHardwareSchema, 'baseline hardware', baseline);
  const { hardware, simulation } = splitHardware(parsed, quantization.spec);
  const run = simulateNetwork(network, quantization, hardware, { ...simulation, activationStats });
  return { quantHash: configHash(quantization.spec), arch: parsed.arch, hardware, run };
}

/**
 * Evaluates one design point from its network's quantization: the quantization's error and storage
 * figures, the simulation of `config` (with `options.activationStats`), and, with a baseline, the
 * comparison with the baseline's own run. Pure; the cost is one simulateNetwork (two without a
 * precomputed baseline).
 * @throws InvalidInputError for a malformed configuration, a configuration with a simulation baseline
 *   (pass it as options.baseline), a quantization of another spec or network, statistics missing a
 *   layer, a baseline run of another quantization, or weights the architecture cannot run.
 */
export function pointMetrics(
  network: Network,
  quantization: NetworkQuantization,
  config: PointConfigInput,
  options: PointMetricsOptions = {},
): PointEvaluation {
  const { quant, hardware, simulation } = parseInput(PointConfigSchema, 'point configuration', config);
  const quantHash = configHash(quantization.spec);
  if (configHash(quant) !== quantHash) {
    throw new InvalidInputError('the quantization is not of this point', [
      { path: ['quant'], message: `is ${JSON.stringify(quant)}; the quantization's spec differs` },
    ]);
  }
  if (simulation.baseline !== undefined) {
    throw new InvalidInputError('invalid point configuration', [
      { path: ['simulation', 'baseline'], message: 'pass the baseline as options.baseline' },
    ]);
  }
  const activationStats =
    options.activationStats === undefined ? simulation.activationStats : options.activationStats;
  const run = simulateNetwork(network, quantization, hardware, { ...simulation, activationStats });
  const baseline = resolveBaseline(network, quantization, quantHash, options.baseline, activationStats);

  const metrics: PointMetrics = {
    bitsPerWeight: quantization.bitsPerWeight,
    scaleBitsPerWeight: quantization.scaleBitsPerWeight,
    sqnrDb: finiteOrNull(quantization.sqnrDb),
    sse: quantization.sse,
    mse: quantization.mse,
    cycles: run.cycles,
    computeCycles: run.computeCycles,
    memoryCycles: run.memoryCycles,
    energyPj: run.energyPj,
    energyBreakdownPj: { ...run.energyBreakdownPj },
    areaMm2: run.areaMm2,
    dramBytes: run.dramBytes,
    utilization: run.utilization,
    imbalanceLoss: run.imbalanceLoss,
    // The same direction as simulateNetwork's comparison: baseline over point.
    ...(baseline === null
      ? {}
      : {
          speedupVsBaseline: baseline.run.cycles / run.cycles,
          energyRatioVsBaseline: baseline.run.energyPj / run.energyPj,
        }),
  };
  const detail: PointDetail = run.layers.map((layer, i) => {
    const q = quantization.layers[i]!;
    return {
      name: layer.name,
      sse: q.sse,
      sqnrDb: finiteOrNull(q.sqnrDb),
      bitsPerWeight: q.bitsPerWeight,
      meanBits: q.meanBits,
      cycles: layer.cycles,
      computeCycles: layer.computeCycles,
      memoryCycles: layer.memoryCycles,
      energyPj: layer.energyPj,
      utilization: layer.utilization,
    };
  });
  return { metrics, detail };
}

function resolveBaseline(
  network: Network,
  quantization: NetworkQuantization,
  quantHash: string,
  baseline: BaselineRun | SweepHardwareInput | null | undefined,
  activationStats: ActivationStats | null,
): BaselineRun | null {
  if (baseline === undefined || baseline === null) return null;
  if (!isBaselineRun(baseline)) return baselineRun(network, quantization, baseline, activationStats);
  if (baseline.quantHash !== quantHash) {
    throw new InvalidInputError('the baseline run is of another quantization', [
      { path: ['baseline', 'quantHash'], message: `is ${baseline.quantHash}; the point's is ${quantHash}` },
    ]);
  }
  return baseline;
}

function isBaselineRun(baseline: BaselineRun | SweepHardwareInput): baseline is BaselineRun {
  return 'run' in baseline && 'quantHash' in baseline;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
