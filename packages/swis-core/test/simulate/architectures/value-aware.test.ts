import { describe, expect, it } from 'vitest';
import { bitwave, InvalidInputError, laconic } from '../../../src/index.js';
import { activationStats, exactQuantization, integerNetwork, layerInput } from '../fixtures.js';

// Uniform N = 7 per tensor with 127 present: step 1, magnitudes are the integers. Lanes G = 2, so the
// groups (filter, group) are {127, 3} {5, 0} | {1, 2} {4, 8} | {0, 0} {6, 7}.
const network = integerNetwork([
  [127, 3, 5, 0],
  [1, 2, 4, 8],
  [0, 0, 6, 7],
]);
const q7 = exactQuantization(network, 7, 4);

describe('bitwave', () => {
  it('takes the nonzero magnitude columns of each group, at least one cycle', () => {
    // OR of each group: 127 -> 7 columns; 5 = 101b -> 2; 1|2 = 11b -> 2; 4|8 = 1100b -> 2; 0 -> 0, so 1;
    // 6|7 = 111b -> 3.
    const costs = bitwave.stepCosts(layerInput(network, q7, 2));
    expect(costs).toEqual({
      kind: 'per-group',
      groupsPerFilter: 2,
      cyclesPerStep: Float64Array.from([7, 2, 2, 2, 1, 3]),
    });
  });

  it('stores per group G sign bits, the nonzero columns and a 7-bit mask', () => {
    // Groups of 2: 2 x (1 + columns) + 7 -> 23, 13, 13, 13, 9, 15 = 86 bits over 12 weights, plus the
    // per-tensor scale 32 / 12.
    expect(bitwave.weightBitsPerWeight(layerInput(network, q7, 2))).toBeCloseTo(86 / 12 + 32 / 12, 12);
  });

  it('regroups the same weights for other lanes: G = 4 -> OR 127, OR 15, OR 7 -> 7, 4, 3', () => {
    const costs = bitwave.stepCosts(layerInput(network, q7, 4));
    expect(costs).toEqual({
      kind: 'per-group',
      groupsPerFilter: 1,
      cyclesPerStep: Float64Array.from([7, 4, 3]),
    });
  });

  it('needs a quantization', () => {
    expect(() => bitwave.stepCosts(layerInput(network, null, 2))).toThrow(InvalidInputError);
  });
});

describe('laconic', () => {
  // Booth (NAF) terms: 127 = 128 - 1 -> 2; 3 = 4 - 1 -> 2; 5 -> 2; 0 -> 0; 1, 2, 4, 8 -> 1; 6 = 8 - 2 -> 2;
  // 7 = 8 - 1 -> 2.
  it('with one-term activations, a group takes max over lanes of t(w): 2, 2, 1, 1, 1 (empty), 2', () => {
    const costs = laconic.stepCosts(layerInput(network, q7, 2));
    expect(costs).toEqual({
      kind: 'per-group',
      groupsPerFilter: 2,
      cyclesPerStep: Float64Array.from([2, 2, 1, 1, 1, 2]),
    });
  });

  it('takes the expectation of the max of t(a) t(w) over independent lanes', () => {
    // t(a) is 0 or 2, half each. {5, 0}: only lane 1 counts, t(a) x 2 is 0 (cost 1) or 4: E = 2.5.
    // {1, 2}: two lanes of t(a) x 1; max is 0 with probability 1/4 (cost 1), else 2: E = 1.75.
    // {127, 3}: max of two t(a) x 2 is 0 w.p. 1/4, else 4: E = 1/4 + 3 = 3.25. {0, 0}: 1.
    const activations = activationStats('fc', { boothHistogram: [0.5, 0, 0.5, 0, 0] });
    const costs = laconic.stepCosts(layerInput(network, q7, 2, { activations }));
    expect(costs.kind === 'per-group' && Array.from(costs.cyclesPerStep)).toEqual([
      3.25, 2.5, 1.75, 1.75, 1, 3.25,
    ]);
  });

  it('stores INT8 weights and needs a quantization', () => {
    expect(laconic.weightBitsPerWeight(layerInput(network, q7, 2))).toBeCloseTo(8 + 32 / 12, 12);
    expect(() => laconic.stepCosts(layerInput(network, null, 2))).toThrow(InvalidInputError);
  });
});
