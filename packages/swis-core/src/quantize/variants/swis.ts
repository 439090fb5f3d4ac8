import { shiftSetVariant } from './shift-set-variant.js';
import { shiftIndexBits } from './storage.js';

/** SWIS: each group keeps the N of the M magnitude positions that minimize its error (N shift indices stored). */
export const swis = shiftSetVariant(
  'swis',
  'any',
  (length, bits, groupSize, magnitudeBits) =>
    length * (bits + 1) + Math.ceil(length / groupSize) * bits * shiftIndexBits(magnitudeBits),
);
