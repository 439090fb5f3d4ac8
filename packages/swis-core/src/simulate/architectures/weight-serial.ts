import type { Architecture } from './architecture.js';
import { layerWeightPrecisionBits, packedBitsPerWeight } from './weight-precision.js';

/**
 * Weight bit-serial (UNPU-like, Lee et al., JSSC'19): weights bit-serial at the layer's weight precision
 * Pw (magnitude bits of its largest quantized weight plus sign; 8 without a quantization), activations
 * bit-parallel. A step takes Pw cycles; weights are stored packed at Pw bits.
 */
export const weightSerial: Architecture = Object.freeze<Architecture>({
  id: 'weight-serial',
  readsQuantizedWeights: false,
  stepCosts: (input) => ({ kind: 'uniform', cyclesPerStep: layerWeightPrecisionBits(input) }),
  weightBitsPerWeight: (input) => packedBitsPerWeight(input, layerWeightPrecisionBits(input)),
});
