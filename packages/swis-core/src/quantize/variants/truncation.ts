import { quantizeFixedPositions } from './fixed-positions.js';
import { baseStep } from './shift-set-variant.js';
import { perFilterVariant } from './variant.js';

/** The paper's baseline: round to the B-bit integer, then keep its top N magnitude bits (M-N .. M-1). */
export const truncation = perFilterVariant({
  id: 'truncation',
  scaled: true,
  maxStep: baseStep,
  storageBits: (length, bits) => length * (bits + 1),
  quantizeFilter: (job, scratch, sink) =>
    quantizeFixedPositions(job, scratch, sink, job.magnitudeBits - job.bits, 2 ** job.magnitudeBits - 1),
});
