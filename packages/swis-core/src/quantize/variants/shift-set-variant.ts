import { type CodeSink, writeLane, writeShifts } from '../code-writer.js';
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
  const { x, cell } = scratch;
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
    for (let w = start + first; w < start + end; w++) {
      const xi = Math.abs(weights[w]!) * inverse;
      const half = xi * 2 < lastHalf ? (xi * 2) | 0 : lastHalf;
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
    if (sink !== null) writeGroup(job, table, sink, set, group, first, end - first);
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

function writeGroup(
  job: FilterJob,
  table: ShiftSetTable,
  sink: CodeSink,
  set: number,
  group: number,
  first: number,
  size: number,
): void {
  writeShifts(sink, job, group, table.sets[set]!);
  const count = table.sets.length;
  const lastHalf = table.halfCells - 1;
  const inverse = 1 / job.step;
  const start = job.filter * job.length + first;
  for (let i = 0; i < size; i++) {
    const xi = Math.abs(job.weights[start + i]!) * inverse;
    const at = (xi * 2 < lastHalf ? (xi * 2) | 0 : lastHalf) * count + set;
    writeLane(sink, job, first, size, i, table.patterns[at]!, table.nearest[at]!, job.step);
  }
}
