import type { DataflowId } from '../../src/index.js';

/** Rows of SCALE-Sim's three per-fold demand matrices; the stall-free run is one row per cycle. */
export interface DemandRows {
  readonly ifmap: number;
  readonly filter: number;
  readonly ofmap: number;
}

// skew_matrix(m) turns an r x c matrix into (r + c - 1) x c: column j is pushed down j rows.
const skewed = (rows: number, cols: number) => rows + cols - 1;

/**
 * The row counts of one fold's ifmap, filter and ofmap demand matrices on an R x C array with T temporal
 * steps, written term by term from scale-sim-v2 scalesim/compute/systolic_compute_{os,ws,is}.py
 * (create_*_demand_mat: prefix rows, operand rows padded to the full array, suffix rows, then skew_matrix
 * where applied). SCALE-Sim asserts the three agree; the tests check that they do and that each dataflow's
 * fold length matches them, independently of the closed forms in src/.
 */
export function scaleSimDemandRows(dataflow: DataflowId, r: number, c: number, t: number): DemandRows {
  switch (dataflow) {
    case 'os':
      return {
        // T operand rows + (arr_col - 1) drain rows, skewed over arr_row columns
        ifmap: skewed(t + (c - 1), r),
        // T operand rows + (arr_row - 1) drain rows, skewed over arr_col columns
        filter: skewed(t + (r - 1), c),
        // (T - 1) prefix rows + arr_row output rows (flipped), skewed over arr_col columns
        ofmap: skewed(t - 1 + r, c),
      };
    case 'ws':
      return {
        // arr_row weight-load rows + T input rows + (arr_col - 1) drain rows, skewed over arr_row columns
        ifmap: skewed(r + t + (c - 1), r),
        // arr_row weight rows + (arr_row + arr_col + T - 2) suffix rows, no skew
        filter: r + (r + c + t - 2),
        // (2 arr_row - 1) prefix rows + T output rows, skewed over arr_col columns
        ofmap: skewed(2 * r - 1 + t, c),
      };
    case 'is':
      return {
        // arr_row input rows + (arr_row + arr_col + T - 2) suffix rows, no skew
        ifmap: r + (r + c + t - 2),
        // arr_row input-load rows + T weight rows + (arr_col - 1) drain rows, skewed over arr_row columns
        filter: skewed(r + t + (c - 1), r),
        // (2 arr_row - 1) prefix rows + T output rows, skewed over arr_col columns
        ofmap: skewed(2 * r - 1 + t, c),
      };
  }
}
