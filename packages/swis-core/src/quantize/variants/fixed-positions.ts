import { type CodeSink, writeGroup } from '../code-writer.js';
import type { FilterJob, Scratch } from './variant.js';

/**
 * Quantizes a filter whose N bit positions are the same for every group: firstShift .. firstShift + N - 1.
 * `patternOf` maps a magnitude in step units to the N-bit pattern kept at those positions.
 * Returns the squared error in weight units.
 */
export function quantizeFixedPositions(
  job: FilterJob,
  scratch: Scratch,
  sink: CodeSink | null,
  firstShift: number,
  patternOf: (magnitude: number) => number,
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
      const x = Math.abs(weights[start + first + i]!) * inverse;
      const pattern = patternOf(x);
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
