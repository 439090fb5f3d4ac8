import { writeGroup } from '../code-writer.js';
import { positions } from './fixed-positions.js';
import { type FilterJob, perFilterVariant, type Scratch } from './variant.js';

/** Exponent range of an 8-bit shared scale (E8M0, as in the OCP microscaling formats). */
const MIN_EXPONENT = -127;
const MAX_EXPONENT = 127;
const EXPONENT_BITS = 8;

/**
 * Block floating point / microscaling (MXINT-like): each group of G weights shares one power-of-two scale
 * 2^e and keeps an N-bit magnitude and a sign per weight. Scale-free: per-filter scales do not apply.
 * e is the better of the smallest exponent that represents the group's largest magnitude without clipping
 * and the next smaller one (which clips the largest weights but halves the rounding step).
 */
export const blockFp = perFilterVariant({
  id: 'block-fp',
  scaled: false,
  maxStep: () => 1,
  storageBits: (length, bits, groupSize) =>
    length * (bits + 1) + Math.ceil(length / groupSize) * EXPONENT_BITS,
  quantizeFilter: (job, scratch, sink) => {
    const { weights, filter, length, groupSize } = job;
    const start = filter * length;
    const shifts = positions(0, job.bits);
    let sse = 0;
    for (let first = 0, group = 0; first < length; first += groupSize, group++) {
      const size = Math.min(groupSize, length - first);
      let maxAbs = 0;
      for (let i = 0; i < size; i++) maxAbs = Math.max(maxAbs, Math.abs(weights[start + first + i]!));
      const exponent = maxAbs === 0 ? 0 : bestExponent(job, first, size, maxAbs);
      sse += groupError(job, first, size, exponent, scratch);
      if (sink !== null) {
        sink.code.exponents[filter * sink.offsets.groupsPerFilter + group] = exponent;
        writeGroup(sink, job, scratch, group, first, size, shifts, 2 ** exponent);
      }
    }
    return sse;
  },
});

function bestExponent(job: FilterJob, first: number, size: number, maxAbs: number): number {
  const maxCode = 2 ** job.bits - 1;
  const unclipped = clampExponent(Math.ceil(Math.log2(maxAbs / maxCode)));
  const finer = clampExponent(unclipped - 1);
  return groupError(job, first, size, finer, null) < groupError(job, first, size, unclipped, null)
    ? finer
    : unclipped;
}

function clampExponent(e: number): number {
  return Math.min(MAX_EXPONENT, Math.max(MIN_EXPONENT, e));
}

/** Squared error of one group at exponent e; fills scratch.pattern and scratch.level when given. */
function groupError(
  job: FilterJob,
  first: number,
  size: number,
  exponent: number,
  scratch: Scratch | null,
): number {
  const maxCode = 2 ** job.bits - 1;
  const unit = 2 ** exponent;
  const inverse = 2 ** -exponent; // exact: a power of two
  const start = job.filter * job.length + first;
  let error = 0;
  for (let i = 0; i < size; i++) {
    const w = job.weights[start + i]!;
    const magnitude = w < 0 ? -w : w;
    const scaled = magnitude * inverse;
    const pattern = scaled < maxCode ? (scaled + 0.5) | 0 : maxCode;
    const diff = magnitude - pattern * unit;
    error += diff * diff;
    if (scratch !== null) {
      scratch.pattern[i] = pattern;
      scratch.level[i] = pattern;
    }
  }
  return error;
}
