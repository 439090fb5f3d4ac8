import { systolicDataflow } from './dataflow.js';

/**
 * Output stationary: each PE accumulates one output (pixel m, filter n) while the K-long reduction streams
 * through; Sr = M, Sc = N, T = K (SCALE-Sim topology_utils.calc_spatio_temporal_params, df 'os').
 * A fold lasts T + R + C - 2 cycles on an R x C array.
 */
export const outputStationary = systolicDataflow({
  id: 'os',
  axes: ['m', 'n', 'k'],
  // SCALE-Sim systolic_compute_os.py, create_ifmap_demand_mat: T rows of operands, then arr_col - 1 null
  // rows so the outputs drain before the next fold, then skew_matrix adds arr_row - 1 rows of pipeline
  // fill. create_ofmap_demand_mat agrees: T - 1 prefix rows, arr_row output rows, skew arr_col - 1.
  foldCycles: (steps, array) => steps + array.rows + array.cols - 2,
});
