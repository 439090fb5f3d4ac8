import { type CodeSink, writeGroup } from '../code-writer.js';
import type { FilterJob, Scratch } from './variant.js';

/**
 * Quantizes a filter whose N bit positions are the same for every group: each magnitude (in step units) is
 * rounded to an integer code of at most `maxCode`, of which the bits from position `firstShift` up are
 * kept (positions firstShift .. firstShift + N - 1). Returns the squared error in weight units.
 */
export function quantizeFixedPositions(
  job: FilterJob,
  scratch: Scratch,
  sink: CodeSink | null,
  firstShift: number,
  maxCode: number,
): number {
  const { weights, filter, length, step, groupSize } = job;
  const inverse = 1 / step;
  const unit = 2 ** firstShift;
  const start = filter * length;
  const shifts = positions(firstShift, job.bits);
  let sse = 0;
  for (let first = 0, group = 0; first < length; first += groupSize, group++) {
    const size = Math.min(groupSize, length - first);
    for (let i = 0; i < size; i++) {
      const w = weights[start + first + i]!;
      const x = (w < 0 ? -w : w) * inverse;
      // x >= 0, so adding 1/2 and truncating rounds half up, like Math.round, without its call.
      const code = x < maxCode ? (x + 0.5) | 0 : maxCode;
      const pattern = code >>> firstShift;
      const error = x - pattern * unit;
      sse += error * error;
      scratch.pattern[i] = pattern;
      scratch.level[i] = pattern * unit;
    }
    if (sink !== null) writeGroup(sink, job, scratch, group, first, size, shifts, step);
  }
  return sse * step * step;
}

/** The N consecutive positions starting at `first`. */
export function positions(first: number, bits: number): number[] {
  return Array.from({ length: bits }, (_, j) => first + j);
}
