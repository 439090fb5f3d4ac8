import type {
  ArchitectureRun,
  DepthwiseMapping,
  EnergyPresetId,
  Hardware,
  Network,
  NetworkQuantization,
  NetworkSimulation,
  Schedule,
} from '@swis-dse/swis-core';
import type { ActivationSource } from './activation-source.js';
import { fixed, textTable } from './text-table.js';

/** What a simulation ran on, besides its result. */
export interface SimulationContext {
  readonly network: Network;
  readonly quantization: NetworkQuantization | null;
  readonly hardware: Hardware;
  readonly schedule: Schedule;
  readonly energy: EnergyPresetId;
  readonly depthwiseMapping: DepthwiseMapping;
  readonly activations: ActivationSource;
}

/** The totals of a run that a report repeats for its baseline. */
function totals(run: ArchitectureRun) {
  return {
    arch: run.arch,
    cycles: run.cycles,
    computeCycles: run.computeCycles,
    memoryCycles: run.memoryCycles,
    utilization: run.utilization,
    imbalanceLoss: run.imbalanceLoss,
    energyPj: run.energyPj,
    energyBreakdownPj: run.energyBreakdownPj,
    areaMm2: run.areaMm2,
    dramBytes: run.dramBytes,
  };
}

/**
 * The --json report of `swis simulate --model`: totals (cycles, latencyMs at the clock, energyPj with its
 * breakdown, areaMm2 of the PE array, dramBytes), the comparison with the baseline (null without one),
 * what ran (hardware, quantization, statistics) and every layer.
 */
export function simulationReport(result: NetworkSimulation, context: SimulationContext) {
  const { network, quantization, hardware } = context;
  const baseline = result.baseline;
  return {
    model: { name: network.name, layers: network.layers.length, source: network.metadata.source },
    ...totals(result),
    latencyMs: result.cycles / (hardware.clockMhz * 1e3),
    baseline: baseline === undefined ? null : totals(baseline),
    speedupVsBaseline: result.speedupVsBaseline ?? null,
    energyRatioVsBaseline: result.energyRatioVsBaseline ?? null,
    areaRatioVsBaseline: baseline === undefined ? null : baseline.areaMm2 / result.areaMm2,
    hardware,
    schedule: context.schedule,
    energy: context.energy,
    depthwiseMapping: context.depthwiseMapping,
    quantization:
      quantization === null
        ? null
        : {
            spec: quantization.spec,
            bitsPerWeight: quantization.bitsPerWeight,
            scaleBitsPerWeight: quantization.scaleBitsPerWeight,
            meanBits: quantization.meanBits,
            bitsHistogram: quantization.bitsHistogram,
          },
    activationStats: { source: context.activations.source, measured: context.activations.measured },
    layers: result.layers.map((layer, i) => ({
      name: layer.name,
      kind: network.layers[i]!.kind,
      cycles: layer.cycles,
      computeCycles: layer.computeCycles,
      memoryCycles: layer.memoryCycles,
      utilization: layer.utilization,
      imbalanceLoss: layer.imbalanceLoss,
      energyPj: layer.energyPj,
      dramBytes: layer.dramBytes,
      weightBitsPerWeight: layer.weightBitsPerWeight,
    })),
  };
}

/** The table `swis simulate --model` prints without --json. */
export function simulationTable(result: NetworkSimulation, context: SimulationContext): string {
  const { network, quantization, hardware } = context;
  const rows = result.layers.map((l, i) => [
    l.name,
    network.layers[i]!.kind,
    Math.round(l.cycles),
    Math.round(l.computeCycles),
    Math.round(l.memoryCycles),
    fixed(l.utilization * 100, 1),
    fixed(l.energyPj / 1e6, 3),
    fixed(l.dramBytes / 1024, 1),
  ]);
  const spec = quantization?.spec;
  const weights =
    spec === undefined
      ? 'INT8 weights (not quantized)'
      : `${spec.variant} ${spec.bits !== undefined ? `N=${spec.bits}` : `budget ${spec.budget}`} G=${spec.groupSize}, ` +
        `${fixed(quantization!.bitsPerWeight + quantization!.scaleBitsPerWeight, 3)} bits/weight`;
  const { compute, buffers, dram } = result.energyBreakdownPj;
  const lines = [
    `${network.name} on ${result.arch}: ${hardware.rows}x${hardware.cols} PEs x ${hardware.lanesPerPe} lanes, ` +
      `${hardware.dataflow}, schedule ${context.schedule}, depthwise ${context.depthwiseMapping}, ${context.energy}`,
    `weights: ${weights}`,
    // The measured source runs to a paragraph (images, preprocessing); --json carries all of it.
    `activation statistics: ${context.activations.measured ? 'measured' : 'default'} (${context.activations.source.split(';')[0]})`,
    '',
    textTable(['layer', 'kind', 'cycles', 'compute', 'memory', 'util %', 'energy uJ', 'DRAM KiB'], rows),
    '',
    `total: ${Math.round(result.cycles)} cycles (${fixed(result.cycles / (hardware.clockMhz * 1e3), 3)} ms at ${hardware.clockMhz} MHz), ` +
      `utilization ${fixed(result.utilization * 100, 1)} %, imbalance loss ${fixed(result.imbalanceLoss * 100, 1)} %`,
    `energy: ${fixed(result.energyPj / 1e6, 1)} uJ (compute ${fixed(compute / 1e6, 1)}, buffers ${fixed(buffers / 1e6, 1)}, ` +
      `DRAM ${fixed(dram / 1e6, 1)}); DRAM ${fixed(result.dramBytes / 2 ** 20, 2)} MiB; PE array ${fixed(result.areaMm2, 3)} mm^2`,
  ];
  if (result.baseline !== undefined) {
    lines.push(
      `vs ${result.baseline.arch} (baseline / ${result.arch}, above 1 favours ${result.arch}): speedup ${fixed(result.speedupVsBaseline!, 3)}, ` +
        `energy ratio ${fixed(result.energyRatioVsBaseline!, 3)}, area ratio ${fixed(result.baseline.areaMm2 / result.areaMm2, 3)}`,
    );
  }
  return lines.join('\n');
}
