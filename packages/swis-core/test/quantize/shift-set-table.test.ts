import { describe, expect, it } from 'vitest';
import { enumerateShiftSets, shiftSetTable } from '../../src/quantize/shift-set-table.js';
import { bruteLevels, bruteShiftSets } from '../helpers/brute-force.js';
import { seededRandom } from '../helpers/networks.js';

describe('shift set tables', () => {
  it('enumerate C(M, N) sets for swis and M - N + 1 runs for swis-c, as brute force does', () => {
    const binomial = [1, 7, 21, 35, 35, 21, 7, 1];
    for (let bits = 1; bits <= 7; bits++) {
      expect(enumerateShiftSets(7, bits, 'any')).toHaveLength(binomial[bits]!);
      expect(new Set(enumerateShiftSets(7, bits, 'any').map(String))).toEqual(
        new Set(bruteShiftSets(7, bits, false).map(String)),
      );
      expect(enumerateShiftSets(7, bits, 'consecutive')).toEqual(bruteShiftSets(7, bits, true));
    }
  });

  it('give, for any magnitude, a level at the least possible distance', () => {
    const random = seededRandom(3);
    for (let bits = 1; bits <= 7; bits++) {
      const table = shiftSetTable(7, bits, 'any');
      table.sets.forEach((set, c) => {
        const levels = bruteLevels(set);
        for (let n = 0; n < 300; n++) {
          const x = random() * 140; // beyond 127 too: clipped to the top level
          const half = Math.min(Math.floor(2 * x), table.halfCells - 1);
          const chosen = table.nearest[half * table.sets.length + c]!;
          const best = Math.min(...levels.map((v) => Math.abs(x - v)));
          expect(Math.abs(x - chosen)).toBeCloseTo(best, 12);
          const pattern = table.patterns[half * table.sets.length + c]!;
          expect(set.reduce((sum, s, j) => sum + ((pattern >> j) & 1) * 2 ** s, 0)).toBe(chosen);
        }
      });
    }
  });
});
