import { shiftSetVariant } from './shift-set-variant.js';
import { shiftIndexBits } from './storage.js';

/** SWIS-C: each group keeps N consecutive magnitude positions (one stored shift per group). */
export const swisC = shiftSetVariant(
  'swis-c',
  'consecutive',
  (length, bits, groupSize, magnitudeBits) =>
    length * (bits + 1) + Math.ceil(length / groupSize) * shiftIndexBits(magnitudeBits - bits + 1),
);
