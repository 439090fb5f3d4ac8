import { decodeMagnitudes, type EncodedLayer } from '../quantize/encoded-layer.js';

/** Most nonzero terms a magnitude below 2^11 (B <= 12) has in non-adjacent (Booth) form. */
export const MAX_BOOTH_TERMS = 6;

/** Nonzero digits of m in non-adjacent form (radix-2 Booth recoding with minimal terms). */
export function boothTerms(magnitude: number): number {
  let m = magnitude;
  let terms = 0;
  while (m > 0) {
    if (m & 1) {
      terms++;
      // A run of ones ...0111 becomes 100-1: add one to close the run, subtract one to end a lone one.
      m += (m & 3) === 3 ? 1 : -1;
    }
    m >>>= 1;
  }
  return terms;
}

/** Number of one bits of a non-negative integer. */
export function onesCount(value: number): number {
  let v = value;
  let ones = 0;
  for (; v > 0; v &= v - 1) ones++;
  return ones;
}

/**
 * The integer magnitude of every weight, sum_j plane_j 2^shift_j, in the layer's layout. block-fp's group
 * exponent is left out: the PE applies it as a shift of the whole group's sum, as SWIS applies its shifts.
 */
export function weightMagnitudes(code: EncodedLayer): Uint16Array {
  let magnitudes = magnitudeCache.get(code);
  if (magnitudes === undefined) {
    magnitudes = decodeMagnitudes(code);
    magnitudeCache.set(code, magnitudes);
  }
  return magnitudes;
}

const magnitudeCache = new WeakMap<EncodedLayer, Uint16Array>();

/**
 * Weight precision Pw of a layer in bits: the magnitude bits of its largest weight plus a sign bit, what a
 * precision-serial architecture (UNPU, Loom, BitFusion) must run the layer at. At least 2.
 */
export function weightPrecisionBits(code: EncodedLayer): number {
  const cached = precisionCache.get(code);
  if (cached !== undefined) return cached;
  const magnitudes = weightMagnitudes(code);
  let largest = 0;
  for (let i = 0; i < magnitudes.length; i++) largest |= magnitudes[i]!;
  // The OR of all magnitudes has the same highest bit as the largest one.
  const bits = Math.max(1, 32 - Math.clz32(largest)) + 1;
  precisionCache.set(code, bits);
  return bits;
}

const precisionCache = new WeakMap<EncodedLayer, number>();

/** Per lane group of the weights (each filter cut into groups of `lanes` in reduction order). */
export interface LaneGroupTerms {
  readonly groupsPerFilter: number;
  /** [filter][group]: weights in the group (lanes, or fewer for a filter's last group). */
  readonly lengths: Uint16Array;
  /** [filter][group]: magnitude bit columns with at least one 1 (popcount of the OR of the magnitudes). */
  readonly nonzeroColumns: Uint8Array;
  /** [filter][group]: max(1, nonzeroColumns), as cycles per step of a zero-column-skipping PE. */
  readonly columnCycles: Float64Array;
  /** [filter][group]: index into `boothProfiles`. */
  readonly boothProfile: Uint32Array;
  /** Distinct profiles; profile p is counts[p * (MAX_BOOTH_TERMS + 1) + j] lanes with j Booth terms. */
  readonly boothProfiles: readonly Uint16Array[];
}

/**
 * Term statistics of every lane group of an encoded layer, computed once per (layer, lanes) and cached.
 * Groups share a Booth profile when their lanes have the same multiset of term counts, so a per-call
 * expectation is computed once per profile rather than once per group.
 */
export function laneGroupTerms(code: EncodedLayer, lanes: number): LaneGroupTerms {
  let perLanes = groupTermCache.get(code);
  if (perLanes === undefined) {
    perLanes = new Map();
    groupTermCache.set(code, perLanes);
  }
  const cached = perLanes.get(lanes);
  if (cached !== undefined) return cached;
  const terms = computeLaneGroupTerms(code, lanes);
  perLanes.set(lanes, terms);
  return terms;
}

const groupTermCache = new WeakMap<EncodedLayer, Map<number, LaneGroupTerms>>();

function computeLaneGroupTerms(code: EncodedLayer, lanes: number): LaneGroupTerms {
  const magnitudes = weightMagnitudes(code);
  const length = code.filterLength;
  const filters = code.filterBits.length;
  const groupsPerFilter = Math.ceil(length / lanes);
  const groups = filters * groupsPerFilter;
  const lengths = new Uint16Array(groups);
  const nonzeroColumns = new Uint8Array(groups);
  const columnCycles = new Float64Array(groups);
  const boothProfile = new Uint32Array(groups);
  const boothProfiles: Uint16Array[] = [];
  const profileIndex = new Map<number | string, number>();
  const radix = lanes + 1;
  const numericKeys = radix ** (MAX_BOOTH_TERMS + 1) <= Number.MAX_SAFE_INTEGER;
  const counts = new Uint16Array(MAX_BOOTH_TERMS + 1);
  for (let f = 0; f < filters; f++) {
    for (let g = 0; g < groupsPerFilter; g++) {
      const first = f * length + g * lanes;
      const size = Math.min(lanes, length - g * lanes);
      let columns = 0;
      counts.fill(0);
      for (let i = first; i < first + size; i++) {
        columns |= magnitudes[i]!;
        counts[boothTable[magnitudes[i]!]!]!++;
      }
      const key = numericKeys ? numericProfileKey(counts, radix) : counts.join(',');
      let index = profileIndex.get(key);
      if (index === undefined) {
        index = boothProfiles.length;
        profileIndex.set(key, index);
        boothProfiles.push(counts.slice());
      }
      const at = f * groupsPerFilter + g;
      lengths[at] = size;
      nonzeroColumns[at] = onesCount(columns);
      // Even an all-zero group passes through the PE in one cycle.
      columnCycles[at] = Math.max(1, nonzeroColumns[at]!);
      boothProfile[at] = index;
    }
  }
  return { groupsPerFilter, lengths, nonzeroColumns, columnCycles, boothProfile, boothProfiles };
}

/**
 * A profile as one number in base lanes + 1, exact while (lanes + 1)^7 stays below 2^53 (lanes <= 180);
 * wider PEs fall back to string keys. Numbers because this runs once per weight group.
 */
function numericProfileKey(counts: Uint16Array, radix: number): number {
  let key = 0;
  for (let j = counts.length - 1; j >= 0; j--) key = key * radix + counts[j]!;
  return key;
}

// Magnitudes are below 2^11 (MAX_BASE_BITS = 12), so a table replaces the per-weight recoding loop.
const boothTable = Uint8Array.from({ length: 1 << 11 }, (_, m) => boothTerms(m));
