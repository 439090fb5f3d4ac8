import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATAFLOWS, type DataflowId, lockstepCycles, type StepCosts } from '../../src/index.js';

const uniform = (cyclesPerStep: number): StepCosts => ({ kind: 'uniform', cyclesPerStep });
// Filter 0's two groups cost 1 and 3 cycles per step, filter 1's cost 2 and 2.
const twoByTwo: StepCosts = {
  kind: 'per-group',
  groupsPerFilter: 2,
  cyclesPerStep: Float64Array.from([1, 3, 2, 2]),
};

describe('lockstepCycles with uniform costs', () => {
  it('at one cycle per step is SCALE-Sim: busy = Dataflow.gemmCycles + 1, for any GEMM and array', () => {
    fc.assert(
      fc.property(
        fc.record({
          m: fc.integer({ min: 1, max: 200 }),
          n: fc.integer({ min: 1, max: 200 }),
          k: fc.integer({ min: 1, max: 200 }),
        }),
        fc.record({ rows: fc.integer({ min: 1, max: 40 }), cols: fc.integer({ min: 1, max: 40 }) }),
        fc.constantFrom<DataflowId>('os', 'ws', 'is'),
        (gemm, array, dataflow) => {
          const layout = DATAFLOWS[dataflow].foldLayout(gemm, array);
          const run = lockstepCycles(layout, gemm, array, uniform(1));
          const reference = DATAFLOWS[dataflow].gemmCycles(gemm, array);
          expect(run.busyCycles).toBe(reference.cycles + 1);
          expect(run.folds).toBe(reference.folds);
        },
      ),
    );
  });

  it('stretches only the stream: os M=5, N=3, K=7 on 4x2 at 3 cycles per step -> 4 x (21 + 4) = 100', () => {
    // At one cycle per step each fold is 7 + 4 + 2 - 2 = 11 (44 busy); at three the 7 steps take 21 and
    // fill and drain stay 4.
    const gemm = { m: 5, n: 3, k: 7 };
    const layout = DATAFLOWS.os.foldLayout(gemm, { rows: 4, cols: 2 });
    expect(layout.fillDrainCycles).toBe(4);
    expect(lockstepCycles(layout, gemm, { rows: 4, cols: 2 }, uniform(3)).busyCycles).toBe(100);
  });

  it('rounds a fractional stream up once per fold: 8 steps x 0.375 = 3 cycles on a 1x1 array', () => {
    const gemm = { m: 1, n: 1, k: 8 };
    const layout = DATAFLOWS.os.foldLayout(gemm, { rows: 1, cols: 1 });
    expect(lockstepCycles(layout, gemm, { rows: 1, cols: 1 }, uniform(0.375)).busyCycles).toBe(3);
  });
});

describe('lockstepCycles with per-group costs, hand-computed', () => {
  it('os: each step waits for the slowest filter of the tile', () => {
    // M=3, N=2, K=2 steps on 2x2: 2 row folds (pixels) x 1 column fold; stream max(1,2) + max(3,2) = 5;
    // fold = 5 + 2 + 2 - 2 = 7 -> 14. Work 3 pixels x (1+3+2+2) = 24; held 3 x 5 x 2 filters = 30.
    const gemm = { m: 3, n: 2, k: 2 };
    const layout = DATAFLOWS.os.foldLayout(gemm, { rows: 2, cols: 2 });
    expect(lockstepCycles(layout, gemm, { rows: 2, cols: 2 }, twoByTwo)).toEqual({
      busyCycles: 14,
      folds: 2,
      workPeCycles: 24,
      lockstepPeCycles: 30,
    });
  });

  it('ws: every pixel step waits for the slowest group held in the fold', () => {
    // M=10, N=2, K=2 on 2x2: one fold holding all four groups; stream 10 x 3 = 30; fill and drain
    // 2R + C - 2 = 4 -> 34. Work 10 x 8 = 80; held 30 x 4 PEs = 120.
    const gemm = { m: 10, n: 2, k: 2 };
    const layout = DATAFLOWS.ws.foldLayout(gemm, { rows: 2, cols: 2 });
    expect(lockstepCycles(layout, gemm, { rows: 2, cols: 2 }, twoByTwo)).toEqual({
      busyCycles: 34,
      folds: 1,
      workPeCycles: 80,
      lockstepPeCycles: 120,
    });
  });

  it('ws: a row fold that splits the groups waits only for its own', () => {
    // Same GEMM on a 1x2 array: row fold {group 0} costs max(1, 2) = 2, row fold {group 1} max(3, 2) = 3;
    // fill and drain 2 + 2 - 2 = 2: (2 + 20) + (2 + 30) = 54.
    const gemm = { m: 10, n: 2, k: 2 };
    const layout = DATAFLOWS.ws.foldLayout(gemm, { rows: 1, cols: 2 });
    expect(lockstepCycles(layout, gemm, { rows: 1, cols: 2 }, twoByTwo).busyCycles).toBe(54);
  });

  it('is: each filter step waits for its slowest group in the fold', () => {
    // M=3, N=2, K=2 on 2x4: one fold; stream max(1,3) + max(2,2) = 5; fill and drain 2R + C - 2 = 6
    // -> 11. Work 3 x 8 = 24; held 3 pixels x 5 x 2 groups = 30.
    const gemm = { m: 3, n: 2, k: 2 };
    const layout = DATAFLOWS.is.foldLayout(gemm, { rows: 2, cols: 4 });
    expect(lockstepCycles(layout, gemm, { rows: 2, cols: 4 }, twoByTwo)).toEqual({
      busyCycles: 11,
      folds: 1,
      workPeCycles: 24,
      lockstepPeCycles: 30,
    });
  });

  it('reads the filters of a later depthwise channel from `first`', () => {
    // Channel 1 of a depthwise layer is filter 1 alone: steps cost 2 and 2. os, M=1, K=2 on 1x1: 4.
    const gemm = { m: 1, n: 1, k: 2 };
    const layout = DATAFLOWS.os.foldLayout(gemm, { rows: 1, cols: 1 });
    expect(lockstepCycles(layout, gemm, { rows: 1, cols: 1 }, twoByTwo, 1).busyCycles).toBe(4);
    expect(lockstepCycles(layout, gemm, { rows: 1, cols: 1 }, twoByTwo, 0).busyCycles).toBe(4);
  });
});
