import type { PointRecord } from '@swis-dse/db';

/** A point as the API answers it; `error` only on failed points. */
export function pointView(point: PointRecord) {
  return {
    id: point.id,
    gridIndex: point.gridIndex,
    status: point.status,
    config: point.config,
    metrics: point.metrics,
    ...(point.error === null ? {} : { error: point.error }),
  };
}
