import { type CodeSink, writeGroup } from '../code-writer.js';
import { searchGroup } from '../group-search.js';
import { type ShiftSetFamily, type ShiftSetTable, shiftSetTable } from '../shift-set-table.js';
import type { FilterJob, Scratch } from './variant.js';

/** Magnitude step that maps `maxAbs` onto 2^M - 1, the base format's largest magnitude. */
export function baseStep(maxAbs: number, _bits: number, magnitudeBits: number): number {
  return maxAbs / (2 ** magnitudeBits - 1);
}

/**
 * Quantizes a filter group by group, choosing each group's shift set exactly from `family`
 * (swis: any N positions, swis-c: N consecutive ones). Returns the squared error in weight units.
 */
export function quantizeWithShiftSets(
  job: FilterJob,
  scratch: Scratch,
  sink: CodeSink | null,
  family: ShiftSetFamily,
): number {
  const { weights, filter, length, bits, step, groupSize, magnitudeBits } = job;
  const table = shiftSetTable(magnitudeBits, bits, family);
  const count = table.sets.length;
  const lastHalf = table.halfCells - 1;
  const { x, cell, row } = scratch;
  const inverse = 1 / step;
  const start = filter * length;
  let sse = 0;
  let hint = 0;
  for (let first = 0, group = 0; first < length; first += groupSize, group++) {
    const end = Math.min(first + groupSize, length);
    // Magnitudes below 1/2 round to level 0 under every set: a constant, left out of the search.
    let constant = 0;
    let size = 0;
    let top = 0;
    let xTop = -1;
    for (let i = 0, w = start + first; w < start + end; i++, w++) {
      const xi = Math.abs(weights[w]!) * inverse;
      const half = xi * 2 < lastHalf ? (xi * 2) | 0 : lastHalf;
      row[i] = half * count;
      if (half === 0) {
        constant += xi * xi;
        continue;
      }
      if (xi > xTop) {
        xTop = xi;
        top = size;
      }
      x[size] = xi;
      cell[size++] = half * count;
    }
    let set = hint;
    scratch.error = 0;
    if (size > 0) {
      swapToFront(scratch, top);
      set = searchGroup(table, scratch, size, hint);
    }
    sse += scratch.error + constant;
    hint = set;
    if (sink !== null) writeSet(job, table, scratch, sink, set, group, first, end - first);
  }
  return sse * step * step;
}

function swapToFront(scratch: Scratch, top: number): void {
  const { x, cell } = scratch;
  const xTop = x[top]!;
  const cellTop = cell[top]!;
  x[top] = x[0]!;
  cell[top] = cell[0]!;
  x[0] = xTop;
  cell[0] = cellTop;
}

function writeSet(
  job: FilterJob,
  table: ShiftSetTable,
  scratch: Scratch,
  sink: CodeSink,
  set: number,
  group: number,
  first: number,
  size: number,
): void {
  const { row, pattern, level } = scratch;
  for (let i = 0; i < size; i++) {
    pattern[i] = table.patterns[row[i]! + set]!;
    level[i] = table.nearest[row[i]! + set]!;
  }
  writeGroup(sink, job, scratch, group, first, size, table.sets[set]!, job.step);
}
