import { loadBuiltinModel } from '@swis-dse/models';
import {
  ARCHITECTURES,
  type ArchitectureId,
  type DataflowId,
  type DepthwiseMapping,
  type Layer,
  type Network,
  type NetworkQuantization,
  quantizeNetwork,
  type Schedule,
  simulateNetwork,
} from '../../src/index.js';
import { laplaceWeights } from '../helpers/networks.js';

/** The figures a golden file records per case. */
export interface GoldenFigures {
  readonly cycles: number;
  readonly computeCycles: number;
  readonly memoryCycles: number;
  readonly energyPj: number;
  readonly dramBytes: number;
}

function layer(name: string, kind: Layer['kind'], shape: Layer['shape'], extra: Partial<Layer>): Layer {
  const [k, c, r, s] = shape;
  return {
    name,
    kind,
    shape,
    groups: 1,
    stride: [1, 1],
    padding: [0, 0, 0, 0],
    inputSize: [1, 1],
    weights: laplaceWeights(k * c * r * s, name.length * 7919),
    ...extra,
  };
}

/** A fixed small network with every layer kind: a strided padded conv, a depthwise, a pointwise and a dense. */
export const SYNTHETIC: Network = {
  name: 'synthetic',
  layers: [
    layer('stem', 'conv', [24, 3, 3, 3], { inputSize: [32, 32], stride: [2, 2], padding: [1, 1, 1, 1] }),
    layer('dw', 'depthwise', [24, 1, 3, 3], { groups: 24, inputSize: [16, 16], padding: [1, 1, 1, 1] }),
    layer('pw', 'conv', [40, 24, 1, 1], { inputSize: [16, 16] }),
    layer('fc', 'dense', [10, 40, 1, 1], {}),
  ],
  metadata: { source: 'golden test', weightsWere8Bit: false, batchNormFolded: false, notes: [] },
};

/** One network with its quantizations and how it is scheduled. */
interface Workload {
  readonly network: Network;
  /** The quantization each architecture reads: swis-c its own variant, the others swis. */
  readonly quantize: (variant: 'swis' | 'swis-c') => NetworkQuantization;
  readonly schedule: Schedule;
}

/**
 * MobileNet-v2 quantized with swis (swis-c for swis-c) N = 3, G = 16, and the synthetic network on a
 * fractional budget of 2.5 bits with sorted scheduling. Architectures that do not read quantized weights
 * run INT8 (quantization null). Activation statistics are swis-core's default, so the files do not move
 * when the measured statistics of the built-in models are re-measured.
 */
export async function goldenWorkloads(): Promise<Record<string, Workload>> {
  const mobilenet = await loadBuiltinModel('mobilenet_v2');
  const memo = (quantize: (variant: 'swis' | 'swis-c') => NetworkQuantization) => {
    const cache = new Map<string, NetworkQuantization>();
    return (variant: 'swis' | 'swis-c') => {
      if (!cache.has(variant)) cache.set(variant, quantize(variant));
      return cache.get(variant)!;
    };
  };
  return {
    mobilenet_v2: {
      network: mobilenet,
      quantize: memo((variant) => quantizeNetwork(mobilenet, { variant, bits: 3, groupSize: 16 })),
      schedule: 'none',
    },
    synthetic: {
      network: SYNTHETIC,
      quantize: memo((variant) => quantizeNetwork(SYNTHETIC, { variant, budget: 2.5, groupSize: 16 })),
      schedule: 'sorted',
    },
  };
}

const DATAFLOWS: readonly DataflowId[] = ['os', 'ws'];
const MAPPINGS: readonly DepthwiseMapping[] = ['per-channel', 'channels-as-filters'];

/** Every case of one architecture, keyed "<network>/<dataflow>/<depthwise mapping>", on 32x32 PEs of 16 lanes. */
export function goldenCases(
  arch: ArchitectureId,
  workloads: Record<string, Workload>,
): Record<string, GoldenFigures> {
  const cases: Record<string, GoldenFigures> = {};
  for (const [name, workload] of Object.entries(workloads)) {
    const quantization = ARCHITECTURES[arch].readsQuantizedWeights
      ? workload.quantize(arch === 'swis-c' ? 'swis-c' : 'swis')
      : null;
    for (const dataflow of DATAFLOWS) {
      for (const depthwiseMapping of MAPPINGS) {
        const run = simulateNetwork(
          workload.network,
          quantization,
          { rows: 32, cols: 32, dataflow, lanesPerPe: 16 },
          { arch, schedule: workload.schedule, depthwiseMapping },
        );
        cases[`${name}/${dataflow}/${depthwiseMapping}`] = {
          cycles: run.cycles,
          computeCycles: run.computeCycles,
          memoryCycles: run.memoryCycles,
          energyPj: run.energyPj,
          dramBytes: run.dramBytes,
        };
      }
    }
  }
  return cases;
}
