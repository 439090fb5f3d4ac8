import type { SweepRecord } from '@swis-dse/db';

/** The status body of a sweep, as GET /v1/sweeps/:id answers it. */
export function sweepView(sweep: SweepRecord, now: Date = new Date()) {
  const { counts } = sweep;
  const finished = counts.done + counts.failed + counts.cancelled;
  return {
    id: sweep.id,
    name: sweep.name,
    status: sweep.status,
    model: sweep.spec.model,
    createdAt: sweep.createdAt.toISOString(),
    startedAt: sweep.startedAt?.toISOString() ?? null,
    finishedAt: sweep.finishedAt?.toISOString() ?? null,
    counts: {
      total: counts.total,
      done: counts.done,
      failed: counts.failed,
      pending: counts.pending,
      running: counts.running,
      cancelled: counts.cancelled,
    },
    progress: counts.total === 0 ? 1 : finished / counts.total,
    etaSeconds: etaSeconds(sweep, finished, now),
    objectives: sweep.spec.objectives,
    spec: sweep.spec,
  };
}
export type SweepView = ReturnType<typeof sweepView>;

/** Seconds left at the rate points have finished since the sweep started; null until that rate exists. */
function etaSeconds(sweep: SweepRecord, finished: number, now: Date): number | null {
  if (sweep.status !== 'queued' && sweep.status !== 'running') return 0;
  if (sweep.startedAt === null || finished === 0) return null;
  const elapsedSeconds = (now.getTime() - sweep.startedAt.getTime()) / 1000;
  if (elapsedSeconds <= 0) return null;
  const remaining = sweep.counts.pending + sweep.counts.running;
  return Math.ceil(remaining / (finished / elapsedSeconds));
}
