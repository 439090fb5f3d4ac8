import { z } from 'zod';

/**
 * The accelerator architectures the simulator models (see docs SWIS.md, "Baselines a simulator must offer"):
 * bit-parallel INT8, Stripes, weight bit-serial (UNPU-like), Loom, Bit-Pragmatic, Laconic, BitFusion,
 * BitWave-style zero-column skipping, and SWIS with any (swis) or consecutive (swis-c) shared shifts.
 */
export const ArchitectureIdSchema = z.enum([
  'bit-parallel',
  'stripes',
  'weight-serial',
  'loom',
  'pragmatic',
  'laconic',
  'bitfusion',
  'bitwave',
  'swis',
  'swis-c',
]);
export type ArchitectureId = z.infer<typeof ArchitectureIdSchema>;
