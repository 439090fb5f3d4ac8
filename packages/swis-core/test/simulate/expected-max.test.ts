import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedMaxOfLanes, expectedMaxTermProduct } from '../../src/index.js';

/** E[max(1, max_i f(X_i))] by enumerating every joint outcome of independent lanes. */
function bruteExpectedMax(lanes: readonly (readonly [number, number][])[]): number {
  let expected = 0;
  const visit = (i: number, probability: number, max: number) => {
    if (i === lanes.length) {
      expected += probability * Math.max(1, max);
      return;
    }
    for (const [value, p] of lanes[i]!) if (p > 0) visit(i + 1, probability * p, Math.max(max, value));
  };
  visit(0, 1, 0);
  return expected;
}

const histogram = (length: number) =>
  fc
    .array(fc.integer({ min: 0, max: 10 }), { minLength: length, maxLength: length })
    .filter((w) => w.some((x) => x > 0))
    .map((w) => {
      const total = w.reduce((a, b) => a + b, 0);
      return w.map((x) => x / total);
    });

describe('expectedMaxOfLanes', () => {
  it('is 1 for all-zero values and the largest value for a point mass', () => {
    expect(expectedMaxOfLanes([1, 0, 0], 16)).toBe(1);
    expect(expectedMaxOfLanes([0, 0, 0, 1], 4)).toBe(3);
  });

  it('matches enumeration over every joint outcome', () => {
    fc.assert(
      fc.property(histogram(6), fc.integer({ min: 1, max: 4 }), (h, lanes) => {
        const outcomes = h.map((p, k) => [k, p] as [number, number]);
        expect(expectedMaxOfLanes(h, lanes)).toBeCloseTo(bruteExpectedMax(Array(lanes).fill(outcomes)), 10);
      }),
    );
  });
});

describe('expectedMaxTermProduct', () => {
  it('matches enumeration of max over lanes of t(a) t(w)', () => {
    fc.assert(
      fc.property(
        histogram(5),
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }),
        (h, weightTerms) => {
          const counts = new Uint16Array(7);
          for (const t of weightTerms) counts[t]!++;
          const lanes = weightTerms.map((t) => h.map((p, k) => [k * t, p] as [number, number]));
          expect(expectedMaxTermProduct(h, counts)).toBeCloseTo(bruteExpectedMax(lanes), 10);
        },
      ),
    );
  });
});
