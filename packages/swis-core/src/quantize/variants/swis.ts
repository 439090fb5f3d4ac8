import { baseStep, quantizeWithShiftSets } from './shift-set-variant.js';
import { shiftIndexBits } from './storage.js';
import type { Variant } from './variant.js';

/** SWIS: each group keeps the N of the M magnitude positions that minimize its error (N shift indices stored). */
export const swis: Variant = {
  id: 'swis',
  scaled: true,
  maxStep: baseStep,
  storageBits: (length, bits, groupSize, magnitudeBits) =>
    length * (bits + 1) + Math.ceil(length / groupSize) * bits * shiftIndexBits(magnitudeBits),
  candidates: (bits, magnitudeBits) => binomial(magnitudeBits, bits),
  quantizeFilter: (job, scratch, sink) => quantizeWithShiftSets(job, scratch, sink, 'any'),
};

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}
