import { z } from 'zod';
import { ActivationStatsSchema } from './activation-stats.js';
import { ArchitectureIdSchema } from './architecture-id.js';
import {
  AreaPresetIdSchema,
  AreaTableSchema,
  EnergyPresetIdSchema,
  EnergyTableSchema,
} from './cost-tables.js';
import { parseInput } from './parse-input.js';

/**
 * How lockstep tiles are filled with filters. none: in the network's order; sorted: filters sorted by their
 * cycles per step (N for SWIS, largest first), so filters of equal N share a tile. Permuting output
 * channels is free (the next layer's input channels are permuted offline).
 */
export const ScheduleSchema = z.enum(['none', 'sorted']);
export type Schedule = z.infer<typeof ScheduleSchema>;

/**
 * How a depthwise layer (C channels, one R x S filter each) is laid onto the array.
 * - per-channel: C GEMMs of N = channel multiplier, K = R x S, run one after another, as SCALE-Sim does;
 *   every channel pays the array's fill and drain and fills only `multiplier` columns, so depthwise
 *   layers dominate a MobileNet's cycles on every architecture.
 * - channels-as-filters: one GEMM whose N = C x multiplier columns are the channels' filters (K = R x S,
 *   M = output pixels). Physically each column then needs its own input stream (the channels do not share
 *   activations), i.e. an activation buffer that delivers a K-wide vector per column per cycle under ws, one
 *   operand per PE under os; under is the stationary inputs would have to change with every filter, so there
 *   the figures are a lower bound. DRAM traffic is the same as per-channel while the layer's weights fit
 *   their buffer share (each channel's inputs are fetched once); buffer reads count each channel's im2col
 *   stream once.
 */
export const DepthwiseMappingSchema = z.enum(['per-channel', 'channels-as-filters']);
export type DepthwiseMapping = z.infer<typeof DepthwiseMappingSchema>;

/** What simulateNetwork runs and how it costs it. Strict: a misspelt option is an error. */
export const SimulationOptionsSchema = z.strictObject({
  arch: ArchitectureIdSchema,
  /** @defaultValue 'none' */
  schedule: ScheduleSchema.default('none'),
  /**
   * Measured activation statistics per layer, for pragmatic, laconic, stripes, loom and bitfusion. null:
   * every layer gets defaultActivationStats (uniform 8-bit magnitudes). When given, every layer must appear.
   * @defaultValue null
   */
  activationStats: ActivationStatsSchema.nullable().default(null),
  /** A preset id or a full table. @defaultValue 'horowitz-45nm' */
  energy: z.union([EnergyPresetIdSchema, EnergyTableSchema]).default('horowitz-45nm'),
  /** A preset id or a full table. @defaultValue 'gates-45nm' */
  area: z.union([AreaPresetIdSchema, AreaTableSchema]).default('gates-45nm'),
  /** Architecture to compare against on the same array, quantization and statistics. */
  baseline: ArchitectureIdSchema.optional(),
  /** How depthwise layers are mapped onto the array (see DepthwiseMappingSchema). @defaultValue 'per-channel' */
  depthwiseMapping: DepthwiseMappingSchema.default('per-channel'),
  /** Loom's b: activation bits processed per cycle, so a step takes ceil(Pa / b) x Pw. @defaultValue 1 */
  loomBitsPerCycle: z.number().int().min(1).max(8).default(1),
});
export type SimulationOptions = z.infer<typeof SimulationOptionsSchema>;
export type SimulationOptionsInput = z.input<typeof SimulationOptionsSchema>;

/** Validates simulation options and fills their defaults; throws InvalidInputError listing every problem. */
export function parseSimulationOptions(input: unknown): SimulationOptions {
  return parseInput(SimulationOptionsSchema, 'simulation options', input);
}
