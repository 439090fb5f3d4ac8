import { describe, expect, it } from 'vitest';
import { emptyCodeCounts, layerStatsFromCounts, precisionBits } from '../../src/activations/layer-stats.js';
import {
  activationCode,
  bitLength,
  nafTerms,
  onesCount,
} from '../../src/activations/quantize-activations.js';

/** Minimal number of nonzero signed digits (+-2^k, k = 0..8) summing to each of 0..255, by enumeration. */
function minimalSignedDigits(): number[] {
  const best = new Array<number>(256).fill(Number.POSITIVE_INFINITY);
  for (let code = 0; code < 3 ** 9; code++) {
    let value = 0;
    let terms = 0;
    for (let k = 0, c = code; k < 9; k++, c = Math.floor(c / 3)) {
      const digit = (c % 3) - 1;
      value += digit * 2 ** k;
      if (digit !== 0) terms++;
    }
    if (value >= 0 && value < 256) best[value] = Math.min(best[value]!, terms);
  }
  return best;
}

function countsOf(codes: readonly number[]) {
  const counts = emptyCodeCounts();
  for (const q of codes) counts[q]!++;
  return counts;
}

describe('bit counts of 8-bit codes', () => {
  it('ones: 0, 1, 3, 255 have 0, 1, 2, 8 one bits', () => {
    expect([0, 1, 3, 255].map(onesCount)).toEqual([0, 1, 2, 8]);
  });
  it('NAF terms: 3 = 4 - 1 and 255 = 256 - 1 take 2, 171 = 256 - 64 - 16 - 4 - 1 takes 5', () => {
    expect([0, 1, 2, 3, 7, 255, 171, 85].map(nafTerms)).toEqual([0, 1, 1, 2, 2, 2, 5, 4]);
  });
  it('NAF terms are the minimal signed-digit count for every code, and exactly 8 codes need 5', () => {
    const terms = Array.from({ length: 256 }, (_, q) => nafTerms(q));
    expect(terms).toEqual(minimalSignedDigits());
    expect(terms.flatMap((t, q) => (t === 5 ? [q] : []))).toEqual([171, 173, 179, 181, 203, 205, 211, 213]);
  });
  it('bit length after dropping leading zeros', () => {
    expect([0, 1, 2, 3, 4, 127, 128, 255].map(bitLength)).toEqual([0, 1, 2, 2, 3, 7, 8, 8]);
  });
});

describe('activation codes', () => {
  it('q = round(|a| / max * 255), magnitude for negative inputs, 0 when the scale is 0', () => {
    expect([0, 0.5, 1, 2, -2, -1].map((a) => activationCode(a, 2))).toEqual([0, 64, 128, 255, 255, 128]);
    expect(activationCode(3, 0)).toBe(0);
  });
});

describe('layer statistics from codes', () => {
  it('0, 1, 3, 255: the histograms of the hand-computed counts', () => {
    const stats = layerStatsFromCounts('l', countsOf([0, 1, 3, 255]));
    expect(stats.samples).toBe(4);
    expect(stats.onesHistogram).toEqual([0.25, 0.25, 0.25, 0, 0, 0, 0, 0, 0.25]);
    expect(stats.boothHistogram).toEqual([0.25, 0.25, 0.5, 0, 0]);
    // 255 needs 8 bits and is 25 % of the codes, far above the 0.1 % tolerance
    expect(stats.precisionBits).toBe(8);
  });
  it('bucket 4 of the NAF histogram holds the codes with 5 terms', () => {
    expect(layerStatsFromCounts('l', countsOf([171, 85])).boothHistogram).toEqual([0, 0, 0, 0, 1]);
  });
  it('Pa is the smallest precision leaving at most 0.1 % of the codes clipped', () => {
    const codes = [...new Array<number>(998).fill(5), 200, 6]; // 1 of 1000 needs 8 bits: tolerated
    expect(precisionBits(countsOf(codes))).toBe(3);
    expect(precisionBits(countsOf([...codes.slice(1), 200]))).toBe(8); // 2 of 1000: not tolerated
    expect(precisionBits(countsOf([0, 0, 1]))).toBe(1);
    expect(precisionBits(countsOf([0]))).toBe(1);
  });
  it('all-zero or empty layers get a valid histogram', () => {
    const empty = layerStatsFromCounts('l', emptyCodeCounts());
    expect([empty.samples, empty.precisionBits, empty.onesHistogram[0], empty.boothHistogram[0]]).toEqual([
      0, 1, 1, 1,
    ]);
  });
  it('fractions sum to 1 within 1e-6 after rounding', () => {
    const codes = Array.from({ length: 777 }, (_, i) => (i * 37) % 256);
    const stats = layerStatsFromCounts('l', countsOf(codes));
    for (const h of [stats.onesHistogram, stats.boothHistogram]) {
      expect(Math.abs(h.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-6);
    }
  });
});
