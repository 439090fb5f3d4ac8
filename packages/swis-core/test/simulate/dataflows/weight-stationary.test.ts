import { describe, expect, it } from 'vitest';
import { weightStationary } from '../../../src/index.js';

// Weight stationary: Sr = K down the rows, Sc = N across the columns, T = M in time. Every fold, full or
// partial, lasts 2R + C + T - 2 cycles (R to load the weights, T + R + C - 2 to stream and drain);
// SCALE-Sim reports folds x fold - 1.
describe('weightStationary, hand-computed', () => {
  it('partial folds on a tall 4x2 array: M=5, N=3, K=7 -> 51', () => {
    // Sr = 7 -> ceil(7/4) = 2 row folds; Sc = 3 -> ceil(3/2) = 2; 4 folds.
    // fold = 2*4 + 2 + 5 - 2 = 13; 4 x 13 = 52 -> 51. utilization 105 / (8 * 52).
    const run = weightStationary.gemmCycles({ m: 5, n: 3, k: 7 }, { rows: 4, cols: 2 });
    expect(run).toEqual({ cycles: 51, folds: 4, foldCycles: 13, utilization: 105 / 416 });
  });

  it('the same GEMM on the transposed 2x4 array: 43', () => {
    // Sr = 7 -> 4 row folds; Sc = 3 -> 1; fold = 2*2 + 4 + 5 - 2 = 11; 4 x 11 = 44 -> 43.
    expect(weightStationary.gemmCycles({ m: 5, n: 3, k: 7 }, { rows: 2, cols: 4 }).cycles).toBe(43);
  });

  it('a 1x1 array: M=2, N=3, K=4 -> 35', () => {
    // Sr = 4 -> 4 folds, Sc = 3 -> 3 folds: 12 folds of 2 + 1 + 2 - 2 = 3 cycles; 36 -> 35; 24 / 36 busy.
    const run = weightStationary.gemmCycles({ m: 2, n: 3, k: 4 }, { rows: 1, cols: 1 });
    expect(run).toEqual({ cycles: 35, folds: 12, foldCycles: 3, utilization: 24 / 36 });
  });

  it('a single MAC on a 1x1 array ends in cycle 1 (one cycle to load the weight)', () => {
    // 1 fold of 2 + 1 + 1 - 2 = 2 cycles -> 1.
    expect(weightStationary.gemmCycles({ m: 1, n: 1, k: 1 }, { rows: 1, cols: 1 }).cycles).toBe(1);
  });

  it('K < R on a 16x8 array: M=10, N=8, K=3 -> 47', () => {
    // Sr = 3 uses 3 of 16 rows, yet the fold pays for all of them: 2*16 + 8 + 10 - 2 = 48 -> 47.
    const run = weightStationary.gemmCycles({ m: 10, n: 8, k: 3 }, { rows: 16, cols: 8 });
    expect(run).toEqual({ cycles: 47, folds: 1, foldCycles: 48, utilization: 240 / (128 * 48) });
  });

  it('odd shape on 8x3: M=13, N=7, K=17 -> 269', () => {
    // Sr = 17 -> 3 row folds; Sc = 7 -> 3 column folds; 9 folds of 2*8 + 3 + 13 - 2 = 30; 270 -> 269.
    expect(weightStationary.gemmCycles({ m: 13, n: 7, k: 17 }, { rows: 8, cols: 3 }).cycles).toBe(269);
  });
});
