import type { Architecture } from './architecture.js';
import { INT8_BITS, packedBitsPerWeight } from './weight-precision.js';

/**
 * Bit-parallel INT8 systolic array (TPU-like): each lane multiplies an 8-bit activation by an 8-bit weight
 * every cycle, so a step takes one cycle whatever the values; weights are stored as INT8. With one lane
 * per PE this is exactly SCALE-Sim's model.
 */
export const bitParallel: Architecture = Object.freeze<Architecture>({
  id: 'bit-parallel',
  readsQuantizedWeights: false,
  stepCosts: () => ({ kind: 'uniform', cyclesPerStep: 1 }),
  weightBitsPerWeight: (input) => packedBitsPerWeight(input, INT8_BITS),
});
