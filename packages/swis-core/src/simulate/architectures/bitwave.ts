import { laneGroupTerms } from '../weight-terms.js';
import type { Architecture } from './architecture.js';
import { requireQuantization, scaleBitsPerWeight } from './weight-precision.js';

/**
 * BitWave / BitVert-style zero-column skipping (HPCA'24, MICRO'24): a PE processes its group's weights one
 * magnitude bit column per cycle (sign-magnitude) and skips columns that are zero in every lane, so a step
 * takes the group's nonzero columns (at least one), counted on the actual quantized weights. Storage keeps
 * the nonzero columns only: per group, G sign bits, the nonzero columns and a B-1 bit column mask.
 */
export const bitwave: Architecture = Object.freeze<Architecture>({
  id: 'bitwave',
  readsQuantizedWeights: true,
  stepCosts: (input) => {
    const terms = laneGroupTerms(requireQuantization(input, 'bitwave').code, input.lanes);
    return { kind: 'per-group', groupsPerFilter: terms.groupsPerFilter, cyclesPerStep: terms.columnCycles };
  },
  weightBitsPerWeight: (input) => {
    const { code, weightCount } = requireQuantization(input, 'bitwave');
    const terms = laneGroupTerms(code, input.lanes);
    const maskBits = code.baseBits - 1;
    let bits = 0;
    for (let g = 0; g < terms.lengths.length; g++) {
      bits += terms.lengths[g]! * (1 + terms.nonzeroColumns[g]!) + maskBits;
    }
    return bits / weightCount + scaleBitsPerWeight(input);
  },
});
