import { describe, expect, it } from 'vitest';
import { inputStationary } from '../../../src/index.js';

// Input stationary: Sr = K down the rows, Sc = M across the columns, T = N in time. Every fold, full or
// partial, lasts 2R + C + T - 2 cycles (R to load the inputs, T + R + C - 2 to stream and drain);
// SCALE-Sim reports folds x fold - 1.
describe('inputStationary, hand-computed', () => {
  it('partial folds on a tall 4x2 array: M=5, N=3, K=7 -> 65', () => {
    // Sr = 7 -> ceil(7/4) = 2 row folds; Sc = M = 5 -> ceil(5/2) = 3; 6 folds.
    // fold = 2*4 + 2 + 3 - 2 = 11; 6 x 11 = 66 -> 65. utilization 105 / (8 * 66).
    const run = inputStationary.gemmCycles({ m: 5, n: 3, k: 7 }, { rows: 4, cols: 2 });
    expect(run).toEqual({ cycles: 65, folds: 6, foldCycles: 11, utilization: 105 / 528 });
  });

  it('the same GEMM on the transposed 2x4 array: 71', () => {
    // Sr = 7 -> 4 row folds; Sc = 5 -> 2; 8 folds of 2*2 + 4 + 3 - 2 = 9; 72 -> 71.
    expect(inputStationary.gemmCycles({ m: 5, n: 3, k: 7 }, { rows: 2, cols: 4 }).cycles).toBe(71);
  });

  it('a 1x1 array: M=2, N=3, K=4 -> 31', () => {
    // Sr = 4 -> 4 folds, Sc = 2 -> 2 folds: 8 folds of 2 + 1 + 3 - 2 = 4 cycles; 32 -> 31; 24 / 32 busy.
    const run = inputStationary.gemmCycles({ m: 2, n: 3, k: 4 }, { rows: 1, cols: 1 });
    expect(run).toEqual({ cycles: 31, folds: 8, foldCycles: 4, utilization: 24 / 32 });
  });

  it('a single MAC on a 1x1 array ends in cycle 1 (one cycle to load the input)', () => {
    expect(inputStationary.gemmCycles({ m: 1, n: 1, k: 1 }, { rows: 1, cols: 1 }).cycles).toBe(1);
  });

  it('K < R on a 16x8 array: M=10, N=8, K=3 -> 91', () => {
    // Sr = 3 -> 1 row fold (3 of 16 rows used); Sc = M = 10 -> ceil(10/8) = 2; fold = 2*16 + 8 + 8 - 2 = 46;
    // 92 -> 91.
    const run = inputStationary.gemmCycles({ m: 10, n: 8, k: 3 }, { rows: 16, cols: 8 });
    expect(run).toEqual({ cycles: 91, folds: 2, foldCycles: 46, utilization: 240 / (128 * 92) });
  });

  it('odd shape on 8x3: M=13, N=7, K=17 -> 359', () => {
    // Sr = 17 -> 3 row folds; Sc = 13 -> 5 column folds; 15 folds of 2*8 + 3 + 7 - 2 = 24; 360 -> 359.
    expect(inputStationary.gemmCycles({ m: 13, n: 7, k: 17 }, { rows: 8, cols: 3 }).cycles).toBe(359);
  });
});
