import {
  type ArchitectureLayerInput,
  gemmOfLayer,
  type Layer,
  type LayerActivationStats,
  type LayerQuantization,
  type Network,
  type NetworkQuantization,
  quantizeNetwork,
} from '../../src/index.js';
import { allocateEncodedLayer } from '../../src/quantize/encoded-layer.js';

/** A dense network whose filters are `filters` (rows of integer weights). */
export function integerNetwork(filters: readonly (readonly number[])[], name = 'fc'): Network {
  const length = filters[0]!.length;
  return {
    name: 'integers',
    layers: [
      {
        name,
        kind: 'dense',
        shape: [filters.length, length, 1, 1],
        groups: 1,
        stride: [1, 1],
        padding: [0, 0, 0, 0],
        inputSize: [1, 1],
        weights: Float32Array.from(filters.flat()),
      },
    ],
    metadata: { source: 'test', weightsWere8Bit: false, batchNormFolded: false, notes: [] },
  };
}

/**
 * Uniform per-tensor quantization with N = `bits` of the integer weights. When the largest |w| is
 * 2^bits - 1 the step is 1, so the quantized magnitudes are exactly the integers.
 */
export function exactQuantization(network: Network, bits: number, groupSize: number): NetworkQuantization {
  return quantizeNetwork(network, { variant: 'uniform', bits, groupSize, scale: 'per-tensor' });
}

/** Statistics with the given precision; every activation has one 1 bit and one Booth term by default. */
export function activationStats(
  layer: string,
  overrides: Partial<LayerActivationStats> = {},
): LayerActivationStats {
  return {
    layer,
    precisionBits: 8,
    onesHistogram: [0, 1, 0, 0, 0, 0, 0, 0, 0],
    boothHistogram: [0, 1, 0, 0, 0],
    samples: 1,
    ...overrides,
  };
}

/** What an architecture sees for the first layer of `network`. */
export function layerInput(
  network: Network,
  quantization: NetworkQuantization | null,
  lanes: number,
  overrides: Partial<ArchitectureLayerInput> = {},
): ArchitectureLayerInput {
  const layer = network.layers[0]!;
  return {
    layer,
    gemm: gemmOfLayer(layer),
    quantization: quantization?.layers[0] ?? null,
    activations: activationStats(layer.name),
    lanes,
    loomBitsPerCycle: 1,
    ...overrides,
  };
}

/**
 * A SWIS layer quantization with the given N per filter and all-zero planes: only N, the group size and
 * the storage figures matter to the shared-shift architectures. Storage is SWIS.md's formula with B = 8.
 */
export function swisLayer(
  layer: Layer,
  filterBits: readonly number[],
  groupSize: number,
  variant: 'swis' | 'swis-c' = 'swis',
): LayerQuantization {
  const length = layer.shape[1] * layer.shape[2] * layer.shape[3];
  const code = allocateEncodedLayer(variant, 8, groupSize, length, Uint8Array.from(filterBits));
  const meanBits = filterBits.reduce((a, b) => a + b, 0) / filterBits.length;
  return {
    name: layer.name,
    filters: filterBits.length,
    weights: new Float32Array(filterBits.length * length),
    code,
    weightCount: filterBits.length * length,
    sse: 0,
    mse: 0,
    sqnrDb: Number.POSITIVE_INFINITY,
    maxAbsError: 0,
    signal: 0,
    bitsPerWeight: meanBits + 1 + (meanBits * 3) / groupSize,
    scaleBitsPerWeight: 32 / length,
    meanBits,
    bitsHistogram: {},
  };
}

/** A network quantization made of hand-built layers; the simulator reads only `layers`. */
export function networkQuantization(layers: readonly LayerQuantization[]): NetworkQuantization {
  return { ...exactQuantization(integerNetwork([[1]]), 1, 1), layers };
}
