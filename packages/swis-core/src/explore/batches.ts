import { configHash } from './config-hash.js';
import type { DesignPoint } from './design-points.js';

/** Most points one batch (one queue job) evaluates. */
export const MAX_BATCH_POINTS = 32;

/**
 * The batch of every point: points sharing a quantization (same configHash of `quant`) are cut, in the
 * order given, into chunks of at most `maxPoints`, keyed `<quant hash>.<chunk>`. A batch is the unit of
 * work: its quantization is computed once for all its hardware configurations, and the keys depend only on
 * the points, so re-planning a sweep gives the same batches.
 * @returns one batch key per point, in the order of `points`
 */
export function assignBatches(
  points: readonly Pick<DesignPoint, 'quant'>[],
  maxPoints: number = MAX_BATCH_POINTS,
): string[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 1) {
    throw new RangeError(`maxPoints must be a positive integer, got ${maxPoints}`);
  }
  const seen = new Map<string, number>();
  return points.map(({ quant }) => {
    const hash = configHash(quant);
    const rank = seen.get(hash) ?? 0;
    seen.set(hash, rank + 1);
    return `${hash}.${Math.floor(rank / maxPoints)}`;
  });
}
