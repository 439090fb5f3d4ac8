import { expectedMaxTermProduct } from '../expected-max.js';
import { type LaneGroupTerms, laneGroupTerms } from '../weight-terms.js';
import type { Architecture } from './architecture.js';
import { INT8_BITS, packedBitsPerWeight, requireQuantization } from './weight-precision.js';

/**
 * Laconic (Sharify et al., ISCA'19): both operands in Booth (non-adjacent) form, one pair of terms per
 * cycle per lane, lanes synchronized, so a weight group's step takes max over its lanes of t(a) t(w).
 * t(w) is counted on the actual quantized weights of each group; t(a) is drawn from the layer's
 * boothHistogram, independently per lane, and the step is the expectation of that maximum (at least one
 * cycle). A lockstep tile waits for its slowest PE's expected step (activations' variation across PEs is
 * not compounded, as for pragmatic). Weights are stored as INT8 and recoded on the fly.
 */
export const laconic: Architecture = Object.freeze<Architecture>({
  id: 'laconic',
  readsQuantizedWeights: true,
  stepCosts: (input) => {
    const terms = laneGroupTerms(requireQuantization(input, 'laconic').code, input.lanes);
    const cyclesPerStep = groupCycles(terms, input.activations.boothHistogram);
    return { kind: 'per-group', groupsPerFilter: terms.groupsPerFilter, cyclesPerStep };
  },
  weightBitsPerWeight: (input) => packedBitsPerWeight(input, INT8_BITS),
});

// A sweep simulates the same quantized layers with the same statistics many times over; the expectation
// per group depends on nothing else.
const cycleCache = new WeakMap<LaneGroupTerms, Map<string, Float64Array>>();

function groupCycles(terms: LaneGroupTerms, boothHistogram: readonly number[]): Float64Array {
  let byHistogram = cycleCache.get(terms);
  if (byHistogram === undefined) {
    byHistogram = new Map();
    cycleCache.set(terms, byHistogram);
  }
  const key = boothHistogram.join(',');
  const cached = byHistogram.get(key);
  if (cached !== undefined) return cached;
  const byProfile = terms.boothProfiles.map((lanes) => expectedMaxTermProduct(boothHistogram, lanes));
  const cycles = new Float64Array(terms.boothProfile.length);
  for (let g = 0; g < cycles.length; g++) cycles[g] = byProfile[terms.boothProfile[g]!]!;
  byHistogram.set(key, cycles);
  return cycles;
}
