/** Reference implementations, written for clarity, not speed: every level of every candidate set. */

/** All magnitudes a shift set represents: every subset sum of 2^s. */
export function bruteLevels(shifts: readonly number[]): number[] {
  const levels: number[] = [];
  for (let mask = 0; mask < 2 ** shifts.length; mask++) {
    levels.push(shifts.reduce((sum, s, j) => (mask & (1 << j) ? sum + 2 ** s : sum), 0));
  }
  return levels;
}

/** Every shift set of N positions out of 0..M-1 (any) or N consecutive ones, via bit masks. */
export function bruteShiftSets(magnitudeBits: number, bits: number, consecutive: boolean): number[][] {
  const sets: number[][] = [];
  for (let mask = 0; mask < 2 ** magnitudeBits; mask++) {
    const set = Array.from({ length: magnitudeBits }, (_, p) => p).filter((p) => mask & (1 << p));
    if (set.length !== bits) continue;
    if (consecutive && set[bits - 1]! - set[0]! !== bits - 1) continue;
    sets.push(set);
  }
  return sets;
}

/** Squared error of magnitudes x under one set, each rounded to its nearest level by linear scan. */
export function bruteGroupError(x: readonly number[], shifts: readonly number[]): number {
  const levels = bruteLevels(shifts);
  return x.reduce((sum, xi) => sum + Math.min(...levels.map((v) => (xi - v) ** 2)), 0);
}

/** The least error over every candidate set. */
export function bruteBestError(
  x: readonly number[],
  magnitudeBits: number,
  bits: number,
  consecutive: boolean,
): number {
  return Math.min(...bruteShiftSets(magnitudeBits, bits, consecutive).map((s) => bruteGroupError(x, s)));
}
