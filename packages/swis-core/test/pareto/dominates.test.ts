import { describe, expect, it } from 'vitest';
import { dominates, dominatesAt } from '../../src/index.js';

describe('dominates', () => {
  it('needs no worse everywhere and strictly better somewhere (all minimized)', () => {
    expect(dominates([1, 2], [1, 3])).toBe(true);
    expect(dominates([1, 3], [1, 2])).toBe(false);
    expect(dominates([1, 3], [2, 2])).toBe(false);
    expect(dominates([2, 2, 2], [2, 2, 2])).toBe(false);
    expect(dominates([0, 0, 0], [Number.POSITIVE_INFINITY, 0, 0])).toBe(true);
  });

  it('compares packed vectors at offsets', () => {
    const packed = [5, 5, 1, 2, 1, 3];
    expect(dominatesAt(packed, 2, packed, 4, 2)).toBe(true);
    expect(dominatesAt(packed, 0, packed, 2, 2)).toBe(false);
  });
});
