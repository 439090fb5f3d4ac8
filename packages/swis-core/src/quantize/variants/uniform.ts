import { quantizeFixedPositions } from './fixed-positions.js';
import { perFilterVariant } from './variant.js';

/** Symmetric round-to-nearest with N magnitude bits and a sign: codes 0 .. 2^N - 1 times the step. */
export const uniform = perFilterVariant({
  id: 'uniform',
  scaled: true,
  maxStep: (maxAbs, bits) => maxAbs / (2 ** bits - 1),
  storageBits: (length, bits) => length * (bits + 1),
  quantizeFilter: (job, scratch, sink) => quantizeFixedPositions(job, scratch, sink, 0, 2 ** job.bits - 1),
});
