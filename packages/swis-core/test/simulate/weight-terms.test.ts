import { describe, expect, it } from 'vitest';
import {
  boothTerms,
  decodeLayer,
  laneGroupTerms,
  onesCount,
  quantizeNetwork,
  weightMagnitudes,
  weightPrecisionBits,
} from '../../src/index.js';
import { denseNetwork, laplaceWeights } from '../helpers/networks.js';

describe('boothTerms', () => {
  it('counts nonzero digits of the non-adjacent form', () => {
    // 0; 1; 3 = 4 - 1; 7 = 8 - 1; 5 = 4 + 1; 85 = 1010101b; 171 = 256 - 64 - 16 - 4 - 1; 127 = 128 - 1.
    expect([0, 1, 3, 7, 5, 85, 171, 127].map(boothTerms)).toEqual([0, 1, 2, 2, 2, 4, 5, 2]);
  });

  it('is never more than the one bits, and equals them when no two ones are adjacent', () => {
    for (let m = 0; m < 2048; m++) {
      expect(boothTerms(m)).toBeLessThanOrEqual(onesCount(m));
      if ((m & (m >>> 1)) === 0) expect(boothTerms(m)).toBe(onesCount(m));
    }
  });
});

describe('weightMagnitudes', () => {
  it('are the decoded weights over their filter scale, for every variant', () => {
    const network = denseNetwork(laplaceWeights(6 * 20, 7), 20);
    for (const variant of ['swis', 'swis-c', 'truncation', 'uniform'] as const) {
      const { code } = quantizeNetwork(network, { variant, bits: 3, groupSize: 8 }).layers[0]!;
      const decoded = decodeLayer(code);
      const magnitudes = weightMagnitudes(code);
      magnitudes.forEach((m, i) => {
        expect(m).toBeCloseTo(Math.abs(decoded[i]!) / code.scales[Math.floor(i / 20)]!, 3);
      });
      expect(weightMagnitudes(code)).toBe(magnitudes);
      expect(weightPrecisionBits(code)).toBe(32 - Math.clz32(Math.max(...magnitudes)) + 1);
    }
  });
});

describe('laneGroupTerms', () => {
  it('cuts each filter in groups of `lanes`, the last one shorter, and shares Booth profiles', () => {
    const network = denseNetwork(laplaceWeights(3 * 10, 9), 10);
    const { code } = quantizeNetwork(network, { variant: 'uniform', bits: 4, groupSize: 16 }).layers[0]!;
    const terms = laneGroupTerms(code, 4);
    expect(terms.groupsPerFilter).toBe(3);
    expect(Array.from(terms.lengths)).toEqual([4, 4, 2, 4, 4, 2, 4, 4, 2]);
    const magnitudes = weightMagnitudes(code);
    for (let g = 0; g < 9; g++) {
      const f = Math.floor(g / 3);
      const start = f * 10 + (g % 3) * 4;
      const group = Array.from(magnitudes.subarray(start, start + terms.lengths[g]!));
      expect(terms.nonzeroColumns[g]).toBe(onesCount(group.reduce((a, b) => a | b, 0)));
      const profile = terms.boothProfiles[terms.boothProfile[g]!]!;
      expect(profile.reduce((a, b) => a + b, 0)).toBe(group.length);
      group.forEach((m) => {
        expect(profile[boothTerms(m)]).toBeGreaterThan(0);
      });
    }
    expect(laneGroupTerms(code, 4)).toBe(terms);
  });
});
