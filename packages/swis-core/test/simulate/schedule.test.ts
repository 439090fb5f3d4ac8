import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATAFLOWS, type DataflowId, filterOrder, lockstepCycles, type StepCosts } from '../../src/index.js';

/** Per-group costs where every group of filter f costs bits[f] (SWIS's N_f). */
function perFilter(bits: readonly number[], groupsPerFilter: number): StepCosts {
  const cyclesPerStep = new Float64Array(bits.length * groupsPerFilter);
  bits.forEach((n, f) => {
    cyclesPerStep.fill(n, f * groupsPerFilter, (f + 1) * groupsPerFilter);
  });
  return { kind: 'per-group', groupsPerFilter, cyclesPerStep };
}

describe('filterOrder', () => {
  it('sorts largest first, ties in network order', () => {
    const order = filterOrder('sorted', perFilter([2, 4, 1, 4, 2], 3), 0, 5);
    expect(Array.from(order!)).toEqual([1, 3, 0, 4, 2]);
  });

  it('is null for none, uniform costs or a single filter, and reads the filters from `first` on', () => {
    expect(filterOrder('none', perFilter([2, 1], 1), 0, 2)).toBeNull();
    expect(filterOrder('sorted', { kind: 'uniform', cyclesPerStep: 3 }, 0, 9)).toBeNull();
    expect(filterOrder('sorted', perFilter([2, 1], 1), 1, 1)).toBeNull();
    expect(Array.from(filterOrder('sorted', perFilter([9, 1, 3], 1), 1, 2)!)).toEqual([1, 0]);
  });

  it('ascending would be worse: N = 1, 2, 3 on 2 columns is 2 + 3 as sorted ascending, 3 + 1 as largest first', () => {
    // os, rows 1, cols 2, one step per filter: fill 1. Largest first: {3, 2} {1} -> (1 + 3) + (1 + 1) = 6.
    const layout = DATAFLOWS.os.foldLayout({ m: 1, n: 3, k: 1 }, { rows: 1, cols: 2 });
    const costs = perFilter([1, 2, 3], 1);
    const order = filterOrder('sorted', costs, 0, 3);
    expect(
      lockstepCycles(layout, { m: 1, n: 3, k: 1 }, { rows: 1, cols: 2 }, costs, 0, order).busyCycles,
    ).toBe(6);
    const ascending = Int32Array.from([0, 1, 2]);
    expect(
      lockstepCycles(layout, { m: 1, n: 3, k: 1 }, { rows: 1, cols: 2 }, costs, 0, ascending).busyCycles,
    ).toBe(7);
  });

  // Not asserted: held PE-cycles. N = 1, 1, 2 on 2 columns ties at 5 cycles, yet sorted holds 2 PEs for 2
  // cycles ({2, 1}) where none holds one PE ({2}), so imbalanceLoss alone does not rank schedules.
  it('sorted is never slower than none, under every dataflow, and does the same work', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom<DataflowId>('os', 'ws', 'is'),
        (bits, k, m, rows, cols, dataflow) => {
          const gemm = { m, n: bits.length, k };
          const array = { rows, cols };
          const costs = perFilter(bits, k);
          const layout = DATAFLOWS[dataflow].foldLayout(gemm, array);
          const none = lockstepCycles(layout, gemm, array, costs);
          const sorted = lockstepCycles(
            layout,
            gemm,
            array,
            costs,
            0,
            filterOrder('sorted', costs, 0, bits.length),
          );
          expect(sorted.busyCycles).toBeLessThanOrEqual(none.busyCycles);
          expect(sorted.workPeCycles).toBe(none.workPeCycles);
        },
      ),
    );
  });
});
