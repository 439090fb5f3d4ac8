import type { Architecture } from './architecture.js';
import { INT8_BITS, packedBitsPerWeight } from './weight-precision.js';

/**
 * Stripes (Judd et al., MICRO'16): activations bit-serial, one bit per cycle, at the layer's activation
 * precision Pa; weights bit-parallel. A step takes Pa cycles. Weights are stored as INT8.
 */
export const stripes: Architecture = Object.freeze<Architecture>({
  id: 'stripes',
  readsQuantizedWeights: false,
  stepCosts: (input) => ({ kind: 'uniform', cyclesPerStep: input.activations.precisionBits }),
  weightBitsPerWeight: (input) => packedBitsPerWeight(input, INT8_BITS),
});
