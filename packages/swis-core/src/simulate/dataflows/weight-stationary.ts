import { systolicDataflow } from './dataflow.js';

/**
 * Weight stationary: each PE holds one weight (reduction index k, filter n) while the M output pixels
 * stream through; Sr = K, Sc = N, T = M (SCALE-Sim topology_utils.calc_spatio_temporal_params, df 'ws').
 * A fold lasts 2R + C + T - 2 cycles on an R x C array.
 */
export const weightStationary = systolicDataflow({
  id: 'ws',
  axes: ['k', 'n', 'm'],
  // SCALE-Sim systolic_compute_ws.py, create_ifmap_demand_mat: arr_row prefix rows while the weights
  // load, T rows of inputs, arr_col - 1 suffix rows while the last sums drain, then skew_matrix adds
  // arr_row - 1. create_filter_demand_mat agrees without a skew: arr_row weight rows, then a suffix of
  // arr_row + arr_col + T - 2.
  foldCycles: (steps, array) => 2 * array.rows + array.cols + steps - 2,
});
