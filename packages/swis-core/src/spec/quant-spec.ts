import { z } from 'zod';
import { parseInput } from './parse-input.js';

/**
 * swis: any N of the M = B-1 magnitude bit positions per group; swis-c: N consecutive positions;
 * truncation: round to the B-bit integer and keep the top N magnitude bits; uniform: symmetric
 * round-to-nearest with N magnitude bits; block-fp: one power-of-two exponent per group, N-bit mantissas.
 */
export const VariantIdSchema = z.enum(['swis', 'swis-c', 'truncation', 'uniform', 'block-fp']);
export type VariantId = z.infer<typeof VariantIdSchema>;

/** per-filter: one scale per output channel; per-tensor: one scale per layer. */
export const ScaleGranularitySchema = z.enum(['per-filter', 'per-tensor']);
export type ScaleGranularity = z.infer<typeof ScaleGranularitySchema>;

/** max: max|w| maps to the largest code; search: the scale minimizing the squared error (see scale-search.ts). */
export const ScaleMethodSchema = z.enum(['max', 'search']);
export type ScaleMethod = z.infer<typeof ScaleMethodSchema>;

/** Largest base bit width: the search tables grow as 2^(B-1) cells per shift set. */
export const MAX_BASE_BITS = 12;

/** How to quantize a network: a variant with either a fixed N (`bits`) or an average budget (`budget`). */
export const QuantSpecSchema = z
  .object({
    variant: VariantIdSchema,
    /** Base bit width B (sign + M = B-1 magnitude bits). @defaultValue 8 */
    baseBits: z.number().int().min(2).max(MAX_BASE_BITS).default(8),
    /** Shared (kept) magnitude bits N per weight, 1..B-1. Exactly one of `bits` and `budget`. */
    bits: z.number().int().min(1).optional(),
    /** Target average storage bits per weight; each filter gets its own N. Exactly one of `bits` and `budget`. */
    budget: z.number().positive().finite().optional(),
    /** Weights per group (one shift set / exponent per group). @defaultValue 16 */
    groupSize: z.number().int().min(1).max(65_536).default(16),
    /** @defaultValue 'per-filter' */
    scale: ScaleGranularitySchema.default('per-filter'),
    /** @defaultValue 'max' */
    scaleMethod: ScaleMethodSchema.default('max'),
  })
  .superRefine((spec, ctx) => {
    if ((spec.bits === undefined) === (spec.budget === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['bits'], message: 'give exactly one of bits and budget' });
    }
    if (spec.bits !== undefined && spec.bits > spec.baseBits - 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['bits'],
        message: `must be at most baseBits - 1 = ${spec.baseBits - 1} (the magnitude bit positions)`,
      });
    }
  });
export type QuantSpec = z.infer<typeof QuantSpecSchema>;
export type QuantSpecInput = z.input<typeof QuantSpecSchema>;

/** Validates a quantization spec; throws InvalidInputError listing every problem. */
export function parseQuantSpec(input: unknown): QuantSpec {
  return parseInput(QuantSpecSchema, 'quantization spec', input);
}
