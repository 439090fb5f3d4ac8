import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32, sampleIndices } from '../../src/index.js';

describe('sampleIndices', () => {
  it('returns min(samples, size) distinct ascending indices in range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 600 }),
        fc.nat(),
        (size, samples, seed) => {
          const picked = sampleIndices(size, samples, seed);
          expect(picked).toHaveLength(Math.min(samples, size));
          expect(
            picked.every(
              (v, i) => Number.isInteger(v) && v >= 0 && v < size && (i === 0 || v > picked[i - 1]!),
            ),
          ).toBe(true);
          expect(sampleIndices(size, samples, seed)).toEqual(picked);
        },
      ),
    );
  });

  it('covers the whole range over many seeds', () => {
    const hits = new Set<number>();
    for (let seed = 0; seed < 200; seed++) for (const i of sampleIndices(50, 3, seed)) hits.add(i);
    expect(hits.size).toBe(50);
  });

  it('draws from huge grids without enumerating them', () => {
    const picked = sampleIndices(2 ** 50, 1000, 3);
    expect(new Set(picked).size).toBe(1000);
    expect(picked.at(-1)!).toBeLessThan(2 ** 50);
  });
});

describe('mulberry32', () => {
  it('repeats per seed and stays in [0, 1)', () => {
    const a = mulberry32(9);
    const b = mulberry32(9);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(mulberry32(10)()).not.toBe(values[0]);
  });
});
