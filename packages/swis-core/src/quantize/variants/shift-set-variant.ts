import { encodeShiftSetKernel, measureShiftSetKernel } from '../kernel/shift-set-kernel.js';
import { type ShiftSetFamily, shiftSetTable } from '../shift-set-table.js';
import type { Variant } from './variant.js';

/** Magnitude step that maps `maxAbs` onto 2^M - 1, the base format's largest magnitude. */
export function baseStep(maxAbs: number, _bits: number, magnitudeBits: number): number {
  return maxAbs / (2 ** magnitudeBits - 1);
}

/**
 * A variant whose groups each choose the shift set with the least error, exactly, from `family`
 * (swis: any N positions, swis-c: N consecutive ones); the search runs in the WebAssembly kernel.
 */
export function shiftSetVariant(
  id: 'swis' | 'swis-c',
  family: ShiftSetFamily,
  storageBits: Variant['storageBits'],
): Variant {
  const tableFor = (magnitudeBits: number) => (bits: number) => shiftSetTable(magnitudeBits, bits, family);
  return {
    id,
    scaled: true,
    maxStep: baseStep,
    storageBits,
    measureFilters: (ctx, start, end, bits, steps) =>
      measureShiftSetKernel(ctx, start, end, bits, steps, tableFor(ctx.magnitudeBits)),
    encodeFilters: (ctx, bits, steps, sink) =>
      encodeShiftSetKernel(ctx, bits, steps, tableFor(ctx.magnitudeBits), sink),
  };
}
