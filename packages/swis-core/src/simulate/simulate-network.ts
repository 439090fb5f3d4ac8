import { type InputIssue, InvalidInputError } from '../errors.js';
import type { NetworkQuantization } from '../quantize/quantize-network.js';
import type { LayerActivationStats } from '../spec/activation-stats.js';
import type { ArchitectureId } from '../spec/architecture-id.js';
import { type HardwareInput, parseHardware } from '../spec/hardware.js';
import { filterLength, type Network } from '../spec/network.js';
import { parseSimulationOptions, type SimulationOptionsInput } from '../spec/simulation-options.js';
import { ARCHITECTURES } from './architectures/index.js';
import { peAreaMm2, resolveAreaTable } from './area.js';
import { defaultActivationStats } from './default-activation-stats.js';
import { type EnergyBreakdownPj, peCycleEnergyPj, resolveEnergyTable } from './energy.js';
import { type LayerSimulation, simulateLayer } from './simulate-layer.js';
import { gemmsOfNetwork } from './workload.js';

/** A whole network on one architecture. */
export interface ArchitectureRun {
  readonly arch: ArchitectureId;
  readonly computeCycles: number;
  readonly memoryCycles: number;
  /** Sum over layers of max(compute, memory); layers run one after another. */
  readonly cycles: number;
  /** Busy lane-cycles over available lane-cycles during the compute cycles of all layers. */
  readonly utilization: number;
  /** Fraction of lockstep-held PE-cycles lost waiting for the slowest PE of a tile, over all layers. */
  readonly imbalanceLoss: number;
  readonly energyPj: number;
  readonly energyBreakdownPj: EnergyBreakdownPj;
  /** The PE array's area (rows x cols PEs; buffers excluded). */
  readonly areaMm2: number;
  readonly dramBytes: number;
  readonly layers: readonly LayerSimulation[];
}

/** The run, and when a baseline was asked for, the baseline's run and the comparison. */
export interface NetworkSimulation extends ArchitectureRun {
  readonly baseline?: ArchitectureRun;
  /** baseline cycles / cycles: above 1 when the architecture is faster. */
  readonly speedupVsBaseline?: number;
  /** baseline energy / energy: above 1 when the architecture uses less energy. */
  readonly energyRatioVsBaseline?: number;
}

/**
 * Simulates a network (batch 1, layers in sequence) on a rows x cols array of G-lane PEs (G =
 * hardware.lanesPerPe) under the hardware's dataflow. Per layer: compute cycles from the architecture's
 * cycles per step stretching each fold's stream (lockstep tiles wait for their slowest PE; depthwise
 * layers run channel by channel or, with options.depthwiseMapping 'channels-as-filters', as one GEMM whose
 * filters are the channels), memory cycles from DRAM bytes over bandwidth (see layerTraffic), layer
 * cycles = max of the two; energy = PE cycles x PE energy + buffer and DRAM accesses x their energy.
 *
 * `quantization` must come from this network; architectures that read quantized weights (laconic,
 * bitwave, swis, swis-c) require it, and the others derive their weight precision Pw from it (8 bits
 * when null). Activation statistics default per layer to defaultActivationStats when options omit them;
 * when given, every layer must have an entry.
 *
 * @throws InvalidInputError for bad options or hardware, layers without a GEMM view, a quantization of
 *   another network, missing statistics, a missing quantization, or weights an architecture cannot run.
 */
export function simulateNetwork(
  network: Network,
  quantization: NetworkQuantization | null,
  hardwareInput: HardwareInput,
  optionsInput: SimulationOptionsInput,
): NetworkSimulation {
  const options = parseSimulationOptions(optionsInput);
  const hardware = parseHardware(hardwareInput);
  const gemms = gemmsOfNetwork(network, options.depthwiseMapping);
  checkQuantization(network, quantization);
  const stats = layerStats(network, options.activationStats?.layers ?? null);
  const energy = resolveEnergyTable(options.energy);
  const area = resolveAreaTable(options.area);
  const lanes = hardware.lanesPerPe;

  const run = (id: ArchitectureId): ArchitectureRun => {
    const arch = ARCHITECTURES[id];
    if (arch.readsQuantizedWeights && quantization === null) {
      throw new InvalidInputError(`architecture ${id} reads the quantized weights`, [
        { path: ['quantization'], message: 'is null; quantize the network first' },
      ]);
    }
    const context = {
      hardware,
      schedule: options.schedule,
      peCyclePj: peCycleEnergyPj(energy, id, lanes),
      sramPjPer64b: energy.sramPjPer64b,
      dramPjPer64b: energy.dramPjPer64b,
    };
    const layers = network.layers.map((layer, i) =>
      simulateLayer(
        arch,
        {
          layer,
          gemm: gemms[i]!,
          quantization: quantization?.layers[i] ?? null,
          activations: stats[i]!,
          lanes,
          loomBitsPerCycle: options.loomBitsPerCycle,
        },
        context,
      ),
    );
    return totals(id, layers, hardware.rows * hardware.cols, peAreaMm2(area, id, lanes));
  };

  const main = run(options.arch);
  if (options.baseline === undefined) return main;
  const baseline = run(options.baseline);
  return {
    ...main,
    baseline,
    speedupVsBaseline: baseline.cycles / main.cycles,
    energyRatioVsBaseline: baseline.energyPj / main.energyPj,
  };
}

function totals(
  arch: ArchitectureId,
  layers: readonly LayerSimulation[],
  pes: number,
  peArea: number,
): ArchitectureRun {
  const sum = (pick: (l: LayerSimulation) => number) => layers.reduce((s, l) => s + pick(l), 0);
  const computeCycles = sum((l) => l.computeCycles);
  const energyBreakdownPj = {
    compute: sum((l) => l.energyBreakdownPj.compute),
    buffers: sum((l) => l.energyBreakdownPj.buffers),
    dram: sum((l) => l.energyBreakdownPj.dram),
  };
  return {
    arch,
    computeCycles,
    memoryCycles: sum((l) => l.memoryCycles),
    cycles: sum((l) => l.cycles),
    utilization: sum((l) => l.busyLaneCycles) / (pes * computeCycles),
    imbalanceLoss: 1 - sum((l) => l.workPeCycles) / sum((l) => l.lockstepPeCycles),
    energyPj: energyBreakdownPj.compute + energyBreakdownPj.buffers + energyBreakdownPj.dram,
    energyBreakdownPj,
    areaMm2: pes * peArea,
    dramBytes: sum((l) => l.dramBytes),
    layers,
  };
}

function checkQuantization(network: Network, quantization: NetworkQuantization | null): void {
  if (quantization === null) return;
  const issues: InputIssue[] = [];
  if (quantization.layers.length !== network.layers.length) {
    issues.push({
      path: ['quantization', 'layers'],
      message: `has ${quantization.layers.length} layers but network "${network.name}" has ${network.layers.length}`,
    });
  }
  network.layers.forEach((layer, i) => {
    const q = quantization.layers[i];
    if (q === undefined) return;
    const sameShape = q.filters === layer.shape[0] && q.code.filterLength === filterLength(layer);
    if (q.name !== layer.name || !sameShape) {
      const quantized = `"${q.name}" with ${q.filters} filters of ${q.code.filterLength}`;
      const expected = `"${layer.name}" with ${layer.shape[0]} of ${filterLength(layer)}`;
      issues.push({
        path: ['quantization', 'layers', i],
        message: `is ${quantized}; the network's layer is ${expected}`,
      });
    }
  });
  if (issues.length > 0) throw new InvalidInputError('the quantization is not of this network', issues);
}

function layerStats(
  network: Network,
  measured: readonly LayerActivationStats[] | null,
): LayerActivationStats[] {
  if (measured === null) return network.layers.map((layer) => defaultActivationStats(layer.name));
  const byName = new Map(measured.map((s) => [s.layer, s]));
  const issues: InputIssue[] = [];
  const stats = network.layers.map((layer, i) => {
    const found = byName.get(layer.name);
    if (found === undefined) {
      issues.push({
        path: ['activationStats', 'layers'],
        message: `no entry for layer ${i} "${layer.name}"`,
      });
    }
    return found ?? defaultActivationStats(layer.name);
  });
  if (issues.length > 0) throw new InvalidInputError('activation statistics are missing layers', issues);
  return stats;
}
