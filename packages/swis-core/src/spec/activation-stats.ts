import { z } from 'zod';
import { parseInput } from './parse-input.js';

const fraction = z.number().min(0).max(1);

/** A distribution over 0..n as fractions that sum to 1 (within 1e-6). */
const histogram = (length: number) =>
  z
    .array(fraction)
    .length(length)
    .refine((h) => Math.abs(h.reduce((a, b) => a + b, 0) - 1) <= 1e-6, 'fractions must sum to 1');

/**
 * What value-aware architectures need to know about one layer's input activations, quantized to 8-bit
 * magnitudes (per-layer scale) as the accelerator sees them.
 */
export const LayerActivationStatsSchema = z.object({
  /** The layer these statistics describe (matches Layer.name). */
  layer: z.string().min(1),
  /** Activation precision Pa in bits (1..8) that Stripes / Loom / BitFusion may run the layer at. */
  precisionBits: z.number().int().min(1).max(8),
  /** onesHistogram[k]: fraction of activations whose 8-bit magnitude has k one bits (k = 0..8). */
  onesHistogram: histogram(9),
  /** boothHistogram[k]: fraction of activations with k nonzero terms in their signed-digit (NAF / Booth) form (k = 0..4). */
  boothHistogram: histogram(5),
  /** How many activation samples the statistics come from (0 for a documented default). */
  samples: z.number().int().nonnegative(),
});
export type LayerActivationStats = z.infer<typeof LayerActivationStatsSchema>;

/** Activation statistics of a network: per layer, and where they came from. */
export const ActivationStatsSchema = z.object({
  /** How the statistics were obtained, e.g. the images and the model they were measured on. */
  source: z.string().min(1),
  layers: z.array(LayerActivationStatsSchema),
});
export type ActivationStats = z.infer<typeof ActivationStatsSchema>;

/** Validates activation statistics; throws InvalidInputError listing every problem. */
export function parseActivationStats(input: unknown): ActivationStats {
  return parseInput(ActivationStatsSchema, 'activation statistics', input);
}
