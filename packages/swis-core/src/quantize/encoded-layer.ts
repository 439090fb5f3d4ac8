import type { VariantId } from '../spec/quant-spec.js';

/**
 * A layer in SWIS storage form. Every variant decodes the same way: weight i of group g of filter f is
 *   (-1)^sign_i * scale_f * 2^exponent_g * sum_j plane_j[i] * 2^shift_gj
 * so swis stores its chosen shifts, swis-c a run of consecutive shifts, truncation the top N positions,
 * uniform positions 0..N-1 with its own scale, and block-fp positions 0..N-1 with a group exponent.
 */
export interface EncodedLayer {
  readonly variant: VariantId;
  readonly baseBits: number;
  readonly groupSize: number;
  readonly filterLength: number;
  /** N per filter. */
  readonly filterBits: Uint8Array;
  /** Quantization step per filter (equal across filters for per-tensor scales). */
  readonly scales: Float32Array;
  /** Per group, N_f bit positions in ascending order; groups in filter order. */
  readonly shifts: Uint8Array;
  /** Per group, a power-of-two exponent (block-fp only; zero for the others). */
  readonly exponents: Int8Array;
  /** One bit per weight, 1 = negative, packed little-endian within bytes. */
  readonly signs: Uint8Array;
  /** Per group, N_f bit planes of the group's length, plane 0 (smallest shift) first, packed. */
  readonly planes: Uint8Array;
}

/** Where each filter's shifts and planes start, derived from the per-filter N. */
export interface CodeOffsets {
  readonly groupsPerFilter: number;
  /** Index into `shifts` of each filter's first shift; length filters + 1. */
  readonly shiftStart: Int32Array;
  /** Bit index into `planes` of each filter's first plane bit; length filters + 1. */
  readonly planeStart: Float64Array;
}

export function codeOffsets(filterBits: Uint8Array, filterLength: number, groupSize: number): CodeOffsets {
  const groupsPerFilter = Math.ceil(filterLength / groupSize);
  const shiftStart = new Int32Array(filterBits.length + 1);
  const planeStart = new Float64Array(filterBits.length + 1);
  for (let f = 0; f < filterBits.length; f++) {
    shiftStart[f + 1] = shiftStart[f]! + groupsPerFilter * filterBits[f]!;
    planeStart[f + 1] = planeStart[f]! + filterLength * filterBits[f]!;
  }
  return { groupsPerFilter, shiftStart, planeStart };
}

/** Allocates an all-zero encoded layer for the given per-filter N. */
export function allocateEncodedLayer(
  variant: VariantId,
  baseBits: number,
  groupSize: number,
  filterLength: number,
  filterBits: Uint8Array,
): EncodedLayer {
  const offsets = codeOffsets(filterBits, filterLength, groupSize);
  const filters = filterBits.length;
  return {
    variant,
    baseBits,
    groupSize,
    filterLength,
    filterBits,
    scales: new Float32Array(filters),
    shifts: new Uint8Array(offsets.shiftStart[filters]!),
    exponents: new Int8Array(filters * offsets.groupsPerFilter),
    signs: new Uint8Array(Math.ceil((filters * filterLength) / 8)),
    planes: new Uint8Array(Math.ceil(offsets.planeStart[filters]! / 8)),
  };
}

/**
 * The integer magnitude of every weight, sum_j plane_j 2^shift_j, in the layer's layout (sign, scale and
 * group exponent left out).
 */
export function decodeMagnitudes(code: EncodedLayer): Uint16Array {
  const { filterLength: length, groupSize, filterBits, planes, shifts } = code;
  const offsets = codeOffsets(filterBits, length, groupSize);
  const out = new Uint16Array(filterBits.length * length);
  for (let f = 0; f < filterBits.length; f++) {
    const n = filterBits[f]!;
    for (let g = 0; g < offsets.groupsPerFilter; g++) {
      const first = g * groupSize;
      const size = Math.min(groupSize, length - first);
      const shiftAt = offsets.shiftStart[f]! + g * n;
      const planeAt = offsets.planeStart[f]! + first * n;
      const outAt = f * length + first;
      for (let j = 0; j < n; j++) {
        const shift = shifts[shiftAt + j]!;
        let bit = planeAt + j * size;
        // Branch-free: plane bits are close to random, so a branch here mispredicts half the time.
        for (let i = outAt; i < outAt + size; i++, bit++)
          out[i] = out[i]! + (((planes[bit >>> 3]! >>> (bit & 7)) & 1) << shift);
      }
    }
  }
  return out;
}

/** The reconstructed weights of an encoded layer, in the layer's layout: magnitude x scale x 2^exponent x sign. */
export function decodeLayer(code: EncodedLayer): Float32Array {
  const { filterLength: length, groupSize, filterBits, signs } = code;
  const groupsPerFilter = Math.ceil(length / groupSize);
  const magnitudes = decodeMagnitudes(code);
  const out = new Float32Array(magnitudes.length);
  for (let f = 0; f < filterBits.length; f++) {
    for (let g = 0; g < groupsPerFilter; g++) {
      const first = f * length + g * groupSize;
      const end = f * length + Math.min((g + 1) * groupSize, length);
      const scale = code.scales[f]! * 2 ** code.exponents[f * groupsPerFilter + g]!;
      for (let w = first; w < end; w++) {
        out[w] = magnitudes[w]! * scale * (1 - 2 * ((signs[w >>> 3]! >>> (w & 7)) & 1));
      }
    }
  }
  return out;
}
