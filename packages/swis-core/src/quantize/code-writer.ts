import type { CodeOffsets, EncodedLayer } from './encoded-layer.js';
import type { FilterJob } from './variants/variant.js';

/** Where a filter's code and reconstruction go when it is written, not just measured. */
export interface CodeSink {
  readonly code: EncodedLayer;
  readonly offsets: CodeOffsets;
  /** Reconstructed weights, computed exactly as decodeLayer computes them. */
  readonly reconstruction: Float32Array;
}

/**
 * Writes lane i of the group starting at `first` in the job's filter: its sign bit, its N plane bits and
 * its reconstruction magnitude * scale * (+-1), the same arithmetic decodeLayer uses.
 */
export function writeLane(
  sink: CodeSink,
  job: FilterJob,
  first: number,
  size: number,
  i: number,
  pattern: number,
  magnitude: number,
  scale: number,
): void {
  const { signs, planes } = sink.code;
  const w = job.filter * job.length + first + i;
  const negative = job.weights[w]! < 0 ? 1 : 0;
  signs[w >>> 3]! |= negative << (w & 7);
  let bit = sink.offsets.planeStart[job.filter]! + first * job.bits + i;
  // Branch-free: plane bits are close to random, so `if (bit set)` would mispredict half the time.
  for (let j = 0; j < job.bits; j++, bit += size) planes[bit >>> 3]! |= ((pattern >>> j) & 1) << (bit & 7);
  sink.reconstruction[w] = magnitude * scale * (1 - 2 * negative);
}

/** Writes the group's N shift positions. */
export function writeShifts(sink: CodeSink, job: FilterJob, group: number, shifts: readonly number[]): void {
  const at = sink.offsets.shiftStart[job.filter]! + group * job.bits;
  for (let j = 0; j < job.bits; j++) sink.code.shifts[at + j] = shifts[j]!;
}
