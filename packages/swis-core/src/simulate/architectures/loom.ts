import type { Architecture } from './architecture.js';
import { layerWeightPrecisionBits, packedBitsPerWeight } from './weight-precision.js';

/**
 * Loom (Sharify et al., DAC'18): both operands serial by precision; b activation bits per cycle
 * (loomBitsPerCycle, default 1 as in the single-bit Loom design) against one weight bit, so a step takes
 * ceil(Pa / b) x Pw cycles. Pa and Pw are per layer (Loom's dynamic per-group activation precision is not
 * modelled). Weights are stored packed at Pw bits.
 */
export const loom: Architecture = Object.freeze<Architecture>({
  id: 'loom',
  readsQuantizedWeights: false,
  stepCosts: (input) => ({
    kind: 'uniform',
    cyclesPerStep:
      Math.ceil(input.activations.precisionBits / input.loomBitsPerCycle) * layerWeightPrecisionBits(input),
  }),
  weightBitsPerWeight: (input) => packedBitsPerWeight(input, layerWeightPrecisionBits(input)),
});
