import { z } from 'zod';
import { HardwareSchema } from './hardware.js';
import { SimulationOptionsSchema } from './simulation-options.js';

/** The simulation options a sweep's hardware axis may set per value; the rest are fixed per sweep. */
const PerHardwareOptionsSchema = SimulationOptionsSchema.pick({
  arch: true,
  schedule: true,
  energy: true,
  area: true,
  depthwiseMapping: true,
  loomBitsPerCycle: true,
});

/**
 * One value of a sweep's hardware axis (or its baseline): an architecture on a PE array, i.e. every
 * HardwareSchema field plus the per-architecture simulation options, with the same defaults except
 * lanesPerPe. Strict, so a misspelt field is an error.
 */
export const SweepHardwareSchema = z.strictObject({
  ...HardwareSchema.shape,
  /**
   * Activation lanes per PE (G). Omitted: the design point's groupSize, because a SWIS PE holds one group
   * of weights and baselines are compared on the same G-lane array.
   * @defaultValue the point's groupSize
   */
  lanesPerPe: HardwareSchema.shape.lanesPerPe.unwrap().optional(),
  ...PerHardwareOptionsSchema.shape,
});
export type SweepHardware = z.infer<typeof SweepHardwareSchema>;
export type SweepHardwareInput = z.input<typeof SweepHardwareSchema>;
