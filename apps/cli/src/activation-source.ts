import { loadActivationStats } from '@swis-dse/models';
import type { ActivationStats } from '@swis-dse/swis-core';

/** The activation statistics a simulation runs with, and where they come from. */
export interface ActivationSource {
  /** Measured statistics, or null for swis-core's per-layer default. */
  readonly stats: ActivationStats | null;
  readonly source: string;
  readonly measured: boolean;
}

/** What swis-core's defaultActivationStats assumes, for the report. */
const CORE_DEFAULT =
  "swis-core's defaultActivationStats: every layer's activations at 8 bits with magnitudes uniform over " +
  '0..255 (pessimistic for pragmatic and laconic)';

/**
 * The statistics measured on real images for a built-in model (loadActivationStats), or swis-core's
 * documented default for models without measurements and for model files.
 */
export function activationSource(builtinModel: string | undefined): ActivationSource {
  const stats = builtinModel === undefined ? null : loadActivationStats(builtinModel);
  if (stats === null) return { stats: null, source: CORE_DEFAULT, measured: false };
  return { stats, source: stats.source, measured: true };
}
