import type { Hardware } from '../spec/hardware.js';
import type { Schedule } from '../spec/simulation-options.js';
import type { Architecture, ArchitectureLayerInput } from './architectures/architecture.js';
import { DATAFLOWS } from './compute-cycles.js';
import type { EnergyBreakdownPj } from './energy.js';
import { lockstepCycles } from './lockstep-cycles.js';
import { layerTraffic } from './memory-traffic.js';
import { filterOrder } from './schedule.js';

/** One layer's simulated cost. */
export interface LayerSimulation {
  readonly name: string;
  /** Cycles the PE array is busy (SCALE-Sim's "Total Cycles" + 1 per GEMM for bit-parallel). */
  readonly computeCycles: number;
  /** ceil(dramBytes / dramBandwidthBytesPerCycle): a transfer occupies whole cycles. */
  readonly memoryCycles: number;
  /** max(computeCycles, memoryCycles): compute and transfers overlap fully. */
  readonly cycles: number;
  /**
   * Busy lane-cycles over available lane-cycles during computeCycles: a PE lane counts as busy for every
   * cycle of its own steps, so a bit-serial array can be fully utilized while slower than bit-parallel.
   */
  readonly utilization: number;
  /** Fraction of the PE-cycles held by lockstep tiles that are spent waiting for a slower PE (0..1). */
  readonly imbalanceLoss: number;
  readonly energyPj: number;
  readonly energyBreakdownPj: EnergyBreakdownPj;
  readonly dramBytes: number;
  readonly weightDramBytes: number;
  readonly sramBytes: number;
  readonly weightBitsPerWeight: number;
  /** Useful multiply-accumulates. */
  readonly macs: number;
  /** PE-cycles spent on steps: per active PE and step, that PE's own cycles per step. */
  readonly workPeCycles: number;
  /** PE-cycles active PEs are held by their lockstep tiles: workPeCycles plus waiting. */
  readonly lockstepPeCycles: number;
  /** workPeCycles scaled by the fraction of lanes a step fills (a filter's last group may be short). */
  readonly busyLaneCycles: number;
}

/** What simulateLayer needs besides the layer: the resolved per-event costs. @internal */
export interface LayerCostContext {
  readonly hardware: Hardware;
  readonly schedule: Schedule;
  /** pJ per active PE cycle of the architecture. */
  readonly peCyclePj: number;
  readonly sramPjPer64b: number;
  readonly dramPjPer64b: number;
}

/** Simulates one layer on one architecture (see simulateNetwork for the model). @internal */
export function simulateLayer(
  arch: Architecture,
  input: ArchitectureLayerInput,
  context: LayerCostContext,
): LayerSimulation {
  const { hardware } = context;
  const { gemm, groups } = input.gemm;
  const costs = arch.stepCosts(input);
  const stepGemm = { m: gemm.m, n: gemm.n, k: Math.ceil(gemm.k / input.lanes) };
  const layout = DATAFLOWS[hardware.dataflow].foldLayout(stepGemm, hardware);
  let computeCycles = 0;
  let work = 0;
  let lockstep = 0;
  // Uniform costs make every group of a grouped layer identical; only value-aware ones need each group.
  const distinctGroups = costs.kind === 'uniform' ? 1 : groups;
  for (let g = 0; g < distinctGroups; g++) {
    const order = filterOrder(context.schedule, costs, g * gemm.n, gemm.n);
    const run = lockstepCycles(layout, stepGemm, hardware, costs, g * gemm.n, order);
    computeCycles += run.busyCycles;
    work += run.workPeCycles;
    lockstep += run.lockstepPeCycles;
  }
  const repeat = groups / distinctGroups;
  computeCycles *= repeat;
  work *= repeat;
  lockstep *= repeat;

  const weightBitsPerWeight = arch.weightBitsPerWeight(input);
  const traffic = layerTraffic(input.layer, input.gemm, layout, weightBitsPerWeight, hardware);
  const memoryCycles = Math.ceil(traffic.dramBytes / hardware.dramBandwidthBytesPerCycle);
  const energyBreakdownPj = {
    compute: work * context.peCyclePj,
    buffers: (traffic.sramBytes / 8) * context.sramPjPer64b,
    dram: (traffic.dramBytes / 8) * context.dramPjPer64b,
  };
  // Lanes of a filter's last, shorter group idle: scale PE-cycles by the fraction of lanes doing work.
  const busyLaneCycles = (work * gemm.k) / (stepGemm.k * input.lanes);
  return {
    name: input.layer.name,
    computeCycles,
    memoryCycles,
    cycles: Math.max(computeCycles, memoryCycles),
    utilization: busyLaneCycles / (hardware.rows * hardware.cols * computeCycles),
    imbalanceLoss: 1 - work / lockstep,
    energyPj: energyBreakdownPj.compute + energyBreakdownPj.buffers + energyBreakdownPj.dram,
    energyBreakdownPj,
    dramBytes: traffic.dramBytes,
    weightDramBytes: traffic.weightDramBytes,
    sramBytes: traffic.sramBytes,
    weightBitsPerWeight,
    macs: input.gemm.macs,
    workPeCycles: work,
    lockstepPeCycles: lockstep,
    busyLaneCycles,
  };
}
