import type { Architecture } from './architecture.js';
import { layerWeightPrecisionBits, packedBitsPerWeight } from './weight-precision.js';

/** 2-bit x 2-bit BitBricks in one fusion unit; at 8 x 8 bits they fuse into one multiplier. */
const BRICKS_PER_UNIT = 16;

/**
 * BitFusion (Sharma et al., ISCA'18): one fusion unit per lane, 16 BitBricks that fuse into
 * 16 / (ceil(Pw/2) ceil(Pa/2)) multipliers, so at 8 x 8 bits a step takes one cycle (as bit-parallel)
 * and a step takes ceil(Pw/2) ceil(Pa/2) / 16 cycles in general. Fractional steps are summed over a
 * fold's stream and rounded up once. Weights are stored at 2 ceil(Pw/2) bits, the brick-aligned width.
 */
export const bitfusion: Architecture = Object.freeze<Architecture>({
  id: 'bitfusion',
  readsQuantizedWeights: false,
  stepCosts: (input) => ({
    kind: 'uniform',
    cyclesPerStep:
      (Math.ceil(layerWeightPrecisionBits(input) / 2) * Math.ceil(input.activations.precisionBits / 2)) /
      BRICKS_PER_UNIT,
  }),
  weightBitsPerWeight: (input) =>
    packedBitsPerWeight(input, 2 * Math.ceil(layerWeightPrecisionBits(input) / 2)),
});
