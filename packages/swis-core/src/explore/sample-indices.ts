import { mulberry32 } from './mulberry32.js';

/**
 * `samples` distinct integers drawn uniformly from 0..size-1 with a PRNG seeded by `seed`, ascending.
 * Returns every index when samples >= size. Floyd's algorithm: exactly `samples` draws and no rejection,
 * so the cost does not depend on how large the grid is. Indices are uniform to the PRNG's 2^-32 resolution.
 */
export function sampleIndices(size: number, samples: number, seed: number): number[] {
  if (samples >= size) return Array.from({ length: size }, (_, i) => i);
  const next = mulberry32(seed);
  const chosen = new Set<number>();
  for (let j = size - samples; j < size; j++) {
    const t = Math.floor(next() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}
