import { describe, expect, it } from 'vitest';
import { quantizeNetwork, type VariantId } from '../../src/index.js';
import { denseNetwork } from '../helpers/networks.js';

// B = 4 (M = 3 magnitude bits, largest code 7) and max|w| = 7/8, so the step is exactly 1/8 and the
// magnitudes are exactly x = [7, 5, 3, 1]. Errors below are worked out by hand in step units.
const WEIGHTS = Float32Array.from([7 / 8, -5 / 8, 3 / 8, -1 / 8]);

function quantize(variant: VariantId, bits: number) {
  return quantizeNetwork(denseNetwork(WEIGHTS, 4), { variant, bits, groupSize: 4, baseBits: 4 });
}

describe('hand-checked small cases (B = 4, one group of x = [7, 5, 3, 1])', () => {
  it('swis N=1 picks shift {2}: levels {0, 4}, error 9 + 1 + 1 + 1 = 12', () => {
    const q = quantize('swis', 1);
    expect(Array.from(q.layers[0]!.code.shifts)).toEqual([2]);
    expect(Array.from(q.layers[0]!.weights)).toEqual([0.5, -0.5, 0.5, -0]);
    expect(q.sse).toBeCloseTo(12 / 64, 12);
  });

  it('swis N=2 picks shifts {1, 2}: levels {0, 2, 4, 6}, error 4 x 1 = 4', () => {
    const q = quantize('swis', 2);
    expect(Array.from(q.layers[0]!.code.shifts)).toEqual([1, 2]);
    expect(q.sse).toBeCloseTo(4 / 64, 12);
  });

  it('swis-c N=2 picks the run {1, 2}; swis-c N=1 equals swis N=1', () => {
    expect(Array.from(quantize('swis-c', 2).layers[0]!.code.shifts)).toEqual([1, 2]);
    expect(quantize('swis-c', 1).sse).toBeCloseTo(12 / 64, 12);
  });

  it('truncation keeps the top bits of round(x): N=1 -> [4, 4, 0, 0] (error 20), N=2 -> [6, 4, 2, 0] (error 4)', () => {
    const one = quantize('truncation', 1);
    expect(Array.from(one.layers[0]!.weights)).toEqual([0.5, -0.5, 0, -0]);
    expect(one.sse).toBeCloseTo(20 / 64, 12);
    const two = quantize('truncation', 2);
    expect(Array.from(two.layers[0]!.weights)).toEqual([0.75, -0.5, 0.25, -0]);
    expect(two.sse).toBeCloseTo(4 / 64, 12);
  });

  it('uniform N=1 has step 7/8 (error 14/64); N=2 has step 7/24 (error 14/576)', () => {
    const one = quantize('uniform', 1);
    expect(one.layers[0]!.code.scales[0]).toBe(Math.fround(7 / 8));
    expect(one.sse).toBeCloseTo(14 / 64, 7);
    const two = quantize('uniform', 2);
    expect(two.layers[0]!.code.scales[0]).toBe(Math.fround(7 / 24));
    expect(two.sse).toBeCloseTo(14 / 576, 7);
  });

  it('block-fp N=2 shares exponent -1 (unit 1/2): [1, 1/2, 1/2, 0], error 4/64', () => {
    const q = quantize('block-fp', 2);
    expect(Array.from(q.layers[0]!.code.exponents)).toEqual([-1]);
    expect(Array.from(q.layers[0]!.weights)).toEqual([1, -0.5, 0.5, -0]);
    expect(q.sse).toBeCloseTo(4 / 64, 12);
  });
});
