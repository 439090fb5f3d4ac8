/**
 * Nearest-level tables for a family of shift sets. A shift set S = {s_1 < ... < s_N} represents the 2^N
 * magnitudes sum_j b_j 2^(s_j); a level's pattern is the bit mask b (bit j for shift s_j). All levels are
 * integers, so the midpoints between neighbouring levels are multiples of 1/2: within a half cell
 * [h/2, (h+1)/2) the nearest level of every set is fixed. The table stores it per (half cell, set), so
 * the exact nearest level of a real magnitude x is one load at half cell floor(2x).
 */
export interface ShiftSetTable {
  readonly magnitudeBits: number;
  readonly bits: number;
  /** Candidate shift sets, each ascending. */
  readonly sets: readonly (readonly number[])[];
  /** 2^(M+1) half cells; magnitudes beyond the last one use it (its nearest level is the set's largest). */
  readonly halfCells: number;
  /** nearest[h * sets.length + c]: the level of set c nearest to any x in half cell h. */
  readonly nearest: Uint16Array;
  /** patterns[h * sets.length + c]: that level's bit pattern. */
  readonly patterns: Uint16Array;
}

/** Which shift sets a variant may choose: any N positions (swis) or N consecutive positions (swis-c). */
export type ShiftSetFamily = 'any' | 'consecutive';

const cache = new Map<string, ShiftSetTable>();

/** The (memoized) table for N of M magnitude positions in the given family. */
export function shiftSetTable(magnitudeBits: number, bits: number, family: ShiftSetFamily): ShiftSetTable {
  const key = `${magnitudeBits}/${bits}/${family}`;
  let table = cache.get(key);
  if (table === undefined) {
    table = buildTable(magnitudeBits, bits, enumerateShiftSets(magnitudeBits, bits, family));
    cache.set(key, table);
  }
  return table;
}

/** All N-subsets of 0..M-1 (family any) or all runs of N consecutive positions (family consecutive), ascending. */
export function enumerateShiftSets(magnitudeBits: number, bits: number, family: ShiftSetFamily): number[][] {
  if (family === 'consecutive') {
    return Array.from({ length: magnitudeBits - bits + 1 }, (_, s) =>
      Array.from({ length: bits }, (_, j) => s + j),
    );
  }
  const sets: number[][] = [];
  const pick = (next: number, chosen: number[]): void => {
    if (chosen.length === bits) {
      sets.push([...chosen]);
      return;
    }
    for (let p = next; p <= magnitudeBits - (bits - chosen.length); p++) pick(p + 1, [...chosen, p]);
  };
  pick(0, []);
  return sets;
}

function buildTable(magnitudeBits: number, bits: number, sets: number[][]): ShiftSetTable {
  const halfCells = 2 ** (magnitudeBits + 1);
  const count = sets.length;
  const nearest = new Uint16Array(halfCells * count);
  const patterns = new Uint16Array(halfCells * count);
  sets.forEach((set, c) => {
    const levels = levelsOf(set);
    let at = 0;
    for (let h = 0; h < halfCells; h++) {
      // The cell's centre decides: no midpoint lies strictly inside a half cell.
      const centre = h / 2 + 0.25;
      while (at + 1 < levels.length && levels[at + 1]!.value - centre < centre - levels[at]!.value) at++;
      nearest[h * count + c] = levels[at]!.value;
      patterns[h * count + c] = levels[at]!.pattern;
    }
  });
  return { magnitudeBits, bits, sets, halfCells, nearest, patterns };
}

/** The 2^N levels of a shift set with their patterns, ascending by value. */
export function levelsOf(set: readonly number[]): { value: number; pattern: number }[] {
  return Array.from({ length: 2 ** set.length }, (_, pattern) => ({
    pattern,
    value: set.reduce((sum, shift, j) => sum + ((pattern >> j) & 1) * 2 ** shift, 0),
  })).sort((a, b) => a.value - b.value);
}
