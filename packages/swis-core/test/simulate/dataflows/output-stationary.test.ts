import { describe, expect, it } from 'vitest';
import { outputStationary } from '../../../src/index.js';

// Output stationary: Sr = M down the rows, Sc = N across the columns, T = K in time. Every fold, full or
// partial, lasts T + R + C - 2 cycles; SCALE-Sim reports folds x fold - 1 (the last cycle's index).
describe('outputStationary, hand-computed', () => {
  it('partial folds on a tall 4x2 array: M=5, N=3, K=7 -> 43', () => {
    // Sr = 5 -> ceil(5/4) = 2 row folds; Sc = 3 -> ceil(3/2) = 2 column folds; 4 folds.
    // fold = 7 + 4 + 2 - 2 = 11; 4 x 11 = 44 busy cycles -> 43. utilization 5*3*7 / (8 * 44).
    const run = outputStationary.gemmCycles({ m: 5, n: 3, k: 7 }, { rows: 4, cols: 2 });
    expect(run).toEqual({ cycles: 43, folds: 4, foldCycles: 11, utilization: 105 / 352 });
  });

  it('the same GEMM on the transposed 2x4 array: 32, so rows and columns are not interchangeable', () => {
    // Sr = 5 -> 3 row folds; Sc = 3 -> 1 column fold; fold = 7 + 2 + 4 - 2 = 11; 3 x 11 = 33 -> 32.
    expect(outputStationary.gemmCycles({ m: 5, n: 3, k: 7 }, { rows: 2, cols: 4 }).cycles).toBe(32);
  });

  it('a 1x1 array: M=2, N=3, K=4 -> 23, fully utilized', () => {
    // 2 x 3 = 6 folds of 4 + 1 + 1 - 2 = 4 cycles (no fill or drain); 24 -> 23; 24 MACs / 24 PE-cycles.
    const run = outputStationary.gemmCycles({ m: 2, n: 3, k: 4 }, { rows: 1, cols: 1 });
    expect(run).toEqual({ cycles: 23, folds: 6, foldCycles: 4, utilization: 1 });
  });

  it('a single MAC on a 1x1 array ends in cycle 0', () => {
    // 1 fold of 1 + 1 + 1 - 2 = 1 cycle; its index is 0.
    expect(outputStationary.gemmCycles({ m: 1, n: 1, k: 1 }, { rows: 1, cols: 1 }).cycles).toBe(0);
  });

  it('K < R on a 16x8 array: M=10, N=8, K=3 -> 24', () => {
    // Sr = 10 and Sc = 8 fit in one fold; the fold still spans the whole array: 3 + 16 + 8 - 2 = 25 -> 24.
    const run = outputStationary.gemmCycles({ m: 10, n: 8, k: 3 }, { rows: 16, cols: 8 });
    expect(run).toEqual({ cycles: 24, folds: 1, foldCycles: 25, utilization: 240 / (128 * 25) });
  });

  it('one row past a fold boundary on 32x32: M=33, N=31, K=1 -> 125', () => {
    // Sr = 33 -> 2 row folds (the second holds one row); Sc = 31 -> 1; fold = 1 + 32 + 32 - 2 = 63; 126 -> 125.
    expect(outputStationary.gemmCycles({ m: 33, n: 31, k: 1 }, { rows: 32, cols: 32 }).cycles).toBe(125);
  });
});
