import type { Hardware } from '../spec/hardware.js';
import { parseQuantSpec, type QuantSpec } from '../spec/quant-spec.js';
import type { SimulationOptions } from '../spec/simulation-options.js';
import type { SweepHardware } from '../spec/sweep-hardware.js';
import { axisLengths, type SweepSpec } from '../spec/sweep-spec.js';
import { configHash } from './config-hash.js';
import { sampleIndices } from './sample-indices.js';

/** One configuration to evaluate: quantize with `quant`, then simulate on `hardware` with `simulation`. */
export interface DesignPoint {
  /** Position in the sweep's full grid (row-major over SWEEP_AXES, hardware fastest). */
  readonly gridIndex: number;
  readonly quant: QuantSpec;
  readonly hardware: Hardware;
  /** Simulation options of this point; no baseline (the sweep's baseline is run on its own array). */
  readonly simulation: SimulationOptions;
  /** configHash of { quant, hardware, simulation }: the point's identity within and across sweeps. */
  readonly configHash: string;
}

export interface DesignPointsOptions {
  /** Checked between points; aborting throws the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * Splits a hardware axis value into the array configuration (lanesPerPe defaulting to the quantizer's
 * group size) and the simulation options (activationStats null). Also splits a sweep's baseline.
 * @internal
 */
export function splitHardware(
  value: SweepHardware,
  quant: QuantSpec,
): { hardware: Hardware; simulation: SimulationOptions } {
  const { arch, schedule, energy, area, depthwiseMapping, loomBitsPerCycle, lanesPerPe, ...array } = value;
  return {
    hardware: { ...array, lanesPerPe: lanesPerPe ?? quant.groupSize },
    simulation: { arch, schedule, activationStats: null, energy, area, depthwiseMapping, loomBitsPerCycle },
  };
}

/**
 * The points of a parsed sweep spec, in grid order.
 * - grid: the cartesian product of the axes in SWEEP_AXES order (first axis slowest, hardware fastest).
 * - random: min(samples, grid size) distinct grid points chosen by a PRNG seeded with `spec.seed`, in grid
 *   order; the same spec always gives the same points.
 * Pure; the cost is linear in the number of points returned.
 */
export function designPoints(spec: SweepSpec, options: DesignPointsOptions = {}): DesignPoint[] {
  const { axes } = spec;
  const lengths = axisLengths(axes).map(({ length }) => length);
  const gridSize = lengths.reduce((product, length) => product * length, 1);
  const indices =
    spec.method === 'random'
      ? sampleIndices(gridSize, spec.samples ?? gridSize, spec.seed)
      : Array.from({ length: gridSize }, (_, i) => i);

  const hardwareCount = axes.hardware.length;
  // Quant axes precede hardware, so floor(index / hardware count) numbers the quantization.
  const quantLengths = lengths.slice(0, -1);
  const quantCache = new Map<number, QuantSpec>();
  const quantAt = (quantIndex: number): QuantSpec => {
    const cached = quantCache.get(quantIndex);
    if (cached !== undefined) return cached;
    const digits = mixedRadixDigits(quantIndex, quantLengths);
    let d = 0;
    const pick = <T>(values: readonly T[] | undefined): T | undefined =>
      values === undefined ? undefined : values[digits[d++]!];
    // Picked in SWEEP_AXES order; absent axes leave the QuantSpecSchema default.
    const quant = parseQuantSpec({
      variant: pick(axes.variant),
      bits: pick(axes.bits),
      budget: pick(axes.budgets),
      groupSize: pick(axes.groupSize),
      baseBits: pick(axes.baseBits),
      scale: pick(axes.scale),
      scaleMethod: pick(axes.scaleMethod),
    });
    quantCache.set(quantIndex, quant);
    return quant;
  };

  return indices.map((gridIndex, n) => {
    if (n % 1024 === 0) options.signal?.throwIfAborted();
    const quant = quantAt(Math.floor(gridIndex / hardwareCount));
    const { hardware, simulation } = splitHardware(axes.hardware[gridIndex % hardwareCount]!, quant);
    return {
      gridIndex,
      quant,
      hardware,
      simulation,
      configHash: configHash({ quant, hardware, simulation }),
    };
  });
}

/** Digits of `index` in the mixed radix `lengths`, most significant first. */
function mixedRadixDigits(index: number, lengths: readonly number[]): number[] {
  const digits = new Array<number>(lengths.length);
  for (let i = lengths.length - 1; i >= 0; i--) {
    digits[i] = index % lengths[i]!;
    index = Math.floor(index / lengths[i]!);
  }
  return digits;
}
