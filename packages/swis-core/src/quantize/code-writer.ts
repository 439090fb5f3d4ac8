import type { CodeOffsets, EncodedLayer } from './encoded-layer.js';
import type { FilterJob, Scratch } from './variants/variant.js';

/** Where a filter's code and reconstruction go when it is written, not just measured. */
export interface CodeSink {
  readonly code: EncodedLayer;
  readonly offsets: CodeOffsets;
  /** Reconstructed weights, computed exactly as decodeLayer computes them. */
  readonly reconstruction: Float32Array;
}

/** Lanes packed per word when writing bit planes. */
const WORD = 32;

/**
 * Writes one group of the job's filter from scratch.pattern and scratch.level (lanes 0..size-1): the
 * group's shifts, its sign bits, its N bit planes, and its reconstruction level * scale * (+-1), the same
 * arithmetic decodeLayer uses.
 */
export function writeGroup(
  sink: CodeSink,
  job: FilterJob,
  scratch: Scratch,
  group: number,
  first: number,
  size: number,
  shifts: readonly number[],
  scale: number,
): void {
  const { code, offsets, reconstruction } = sink;
  const { weights, bits } = job;
  const { pattern, level } = scratch;
  const shiftAt = offsets.shiftStart[job.filter]! + group * bits;
  for (let j = 0; j < bits; j++) code.shifts[shiftAt + j] = shifts[j]!;
  const start = job.filter * job.length + first;
  const planeAt = offsets.planeStart[job.filter]! + first * bits;
  // Lanes are gathered into words first: one read-modify-write per byte instead of one per bit.
  for (let lane = 0; lane < size; lane += WORD) {
    const lanes = Math.min(WORD, size - lane);
    let signWord = 0;
    for (let i = 0; i < lanes; i++) {
      const w = start + lane + i;
      const negative = weights[w]! < 0 ? 1 : 0;
      signWord |= negative << i;
      reconstruction[w] = level[lane + i]! * scale * (1 - 2 * negative);
    }
    writeBits(code.signs, start + lane, signWord, lanes);
    for (let j = 0; j < bits; j++) {
      let planeWord = 0;
      for (let i = 0; i < lanes; i++) planeWord |= ((pattern[lane + i]! >>> j) & 1) << i;
      writeBits(code.planes, planeAt + j * size + lane, planeWord, lanes);
    }
  }
}

/** ORs the low `count` (<= 32) bits of `value` into a packed bit array at bit offset `at`. */
function writeBits(bytes: Uint8Array, at: number, value: number, count: number): void {
  let bit = at;
  let rest = value >>> 0;
  let left = count;
  while (left > 0) {
    const offset = bit & 7;
    const take = Math.min(8 - offset, left);
    bytes[bit >>> 3]! |= (rest & ((1 << take) - 1)) << offset;
    rest >>>= take;
    bit += take;
    left -= take;
  }
}
