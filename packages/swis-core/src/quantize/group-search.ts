import type { ShiftSetTable } from './shift-set-table.js';
import type { Scratch } from './variants/variant.js';

/**
 * Exact search for the shift set with the least squared error over one group (branch and bound).
 * The error of the group's largest magnitude alone bounds each set's group error from below. The set with
 * the smallest bound and `hint` (the previous group's winner: neighbouring groups look alike) are
 * evaluated in full first; any other set is evaluated only while its bound and then its running error stay
 * below the best so far. Ties keep the first set found, which cannot change the error.
 * Expects scratch.x (magnitudes) and scratch.cell (half cell * set count) filled for `size` weights with
 * the largest magnitude at index 0. Returns the set's index and leaves its error in scratch.error.
 */
export function searchGroup(table: ShiftSetTable, scratch: Scratch, size: number, hint: number): number {
  const { nearest } = table;
  const { x, cell, lower } = scratch;
  const count = table.sets.length;
  const xTop = x[0]!;
  const cellTop = cell[0]!;
  let first = 0;
  let firstBound = Number.POSITIVE_INFINITY;
  for (let c = 0; c < count; c++) {
    const d = xTop - nearest[cellTop + c]!;
    const bound = d * d;
    lower[c] = bound;
    if (bound < firstBound) {
      firstBound = bound;
      first = c;
    }
  }
  let best = firstBound + restError(nearest, first, x, cell, size, Number.POSITIVE_INFINITY);
  let bestSet = first;
  if (hint !== first && lower[hint]! < best) {
    const error = lower[hint]! + restError(nearest, hint, x, cell, size, best - lower[hint]!);
    if (error < best) {
      best = error;
      bestSet = hint;
    }
  }
  for (let c = 0; c < count; c++) {
    const bound = lower[c]!;
    if (bound >= best || c === first || c === hint) continue;
    const error = bound + restError(nearest, c, x, cell, size, best - bound);
    if (error < best) {
      best = error;
      bestSet = c;
    }
  }
  scratch.error = best;
  return bestSet;
}

/** Squared error of elements 1..size-1 under set c; stops early once it reaches `limit`. */
function restError(
  nearest: Uint16Array,
  c: number,
  x: Float64Array,
  cell: Int32Array,
  size: number,
  limit: number,
): number {
  let error = 0;
  for (let i = 1; i < size; i++) {
    const d = x[i]! - nearest[cell[i]! + c]!;
    error += d * d;
    if (error >= limit) return error;
  }
  return error;
}
