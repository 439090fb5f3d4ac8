import type { Schedule } from '../spec/simulation-options.js';
import type { StepCosts } from './architectures/architecture.js';

/**
 * The order in which a GEMM's n filters (layer filters first .. first + n - 1) fill the array's lockstep
 * tiles, as indices 0..n-1. none: the network's order. sorted: descending by the filter's total cycles per
 * pass (sum over its groups; N_f x groups for SWIS), ties kept in network order, so consecutive tiles hold
 * filters of equal N. Descending rather than ascending so that the last, partial tile gets the cheapest
 * filters: then the i-th tile's maximum is the (i x tile + 1)-th largest cost, a lower bound for any
 * assignment, so for per-filter costs (SWIS) the sum of tile maxima is minimal and never above
 * 'none'. null when the order cannot matter (uniform costs, no scheduling, a single filter).
 */
export function filterOrder(
  schedule: Schedule,
  costs: StepCosts,
  first: number,
  n: number,
): Int32Array | null {
  if (schedule === 'none' || costs.kind === 'uniform' || n === 1) return null;
  const { groupsPerFilter, cyclesPerStep } = costs;
  const totals = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const start = (first + j) * groupsPerFilter;
    for (let t = start; t < start + groupsPerFilter; t++) totals[j]! += cyclesPerStep[t]!;
  }
  const order = Int32Array.from({ length: n }, (_, j) => j);
  // Int32Array.prototype.sort is not guaranteed stable, so break ties by index explicitly.
  return order.sort((a, b) => totals[b]! - totals[a]! || a - b);
}
