import { systolicDataflow } from './dataflow.js';

/**
 * Input stationary: each PE holds one input activation (reduction index k, pixel m) while the N filters
 * stream through; Sr = K, Sc = M, T = N (SCALE-Sim topology_utils.calc_spatio_temporal_params, df 'is').
 * A fold lasts 2R + C + T - 2 cycles on an R x C array, weight stationary with the operands swapped.
 */
export const inputStationary = systolicDataflow({
  id: 'is',
  axes: ['k', 'm', 'n'],
  // SCALE-Sim systolic_compute_is.py, create_filter_demand_mat: arr_row prefix rows while the inputs
  // load, T rows of weights, arr_col - 1 suffix rows, then skew_matrix adds arr_row - 1.
  // create_ifmap_demand_mat agrees without a skew: arr_row input rows, then arr_row + arr_col + T - 2.
  foldCycles: (steps, array) => 2 * array.rows + array.cols + steps - 2,
});
