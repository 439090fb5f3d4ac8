import { baseStep, quantizeWithShiftSets } from './shift-set-variant.js';
import { shiftIndexBits } from './storage.js';
import type { Variant } from './variant.js';

/** SWIS-C: each group keeps N consecutive magnitude positions (one stored shift per group). */
export const swisC: Variant = {
  id: 'swis-c',
  scaled: true,
  maxStep: baseStep,
  storageBits: (length, bits, groupSize, magnitudeBits) =>
    length * (bits + 1) + Math.ceil(length / groupSize) * shiftIndexBits(magnitudeBits - bits + 1),
  candidates: (bits, magnitudeBits) => magnitudeBits - bits + 1,
  quantizeFilter: (job, scratch, sink) => quantizeWithShiftSets(job, scratch, sink, 'consecutive'),
};
