import { type Db, unfinishedBatches } from '@swis-dse/db';
import type { SweepQueue } from '@swis-dse/queue';
import type { Logger } from 'pino';

/** PostgreSQL advisory lock key of the reconciler ('SWIS' 'RECN' as two 32-bit words), shared by every process. */
export const RECONCILER_LOCK_KEY = 0x5357_4953_5245_434en;

export interface ReconcilerOptions {
  readonly db: Db;
  readonly queue: SweepQueue;
  /** Time between passes, in ms. @defaultValue 10000 */
  readonly intervalMs?: number;
  readonly logger?: Logger;
}

export interface Reconciler {
  /**
   * One pass: under the advisory lock, enqueue every unfinished batch. Returns how many were enqueued,
   * or null when another process holds the lock.
   */
  runOnce(): Promise<number | null>;
  /** Stops the timer and waits for a pass in progress. */
  close(): Promise<void>;
}

/**
 * Re-enqueues batches PostgreSQL says are unfinished, at start and every `intervalMs`, so jobs Redis
 * lost (or never got) are run. Enqueueing is idempotent (job id = sweep and batch), and a
 * transaction-level advisory lock lets one process reconcile at a time. A failed pass (database or
 * queue down) is logged and retried at the next interval.
 */
export function startReconciler(options: ReconcilerOptions): Reconciler {
  const { db, queue, logger } = options;
  let running: Promise<number | null> | undefined;

  const runOnce = (): Promise<number | null> => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };

  const pass = () =>
    db.$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(${RECONCILER_LOCK_KEY}::bigint) AS locked`;
        if (row?.locked !== true) return null;
        const batches = await unfinishedBatches(db);
        await queue.enqueue(batches);
        if (batches.length > 0) logger?.debug({ batches: batches.length }, 'reconciler enqueued batches');
        return batches.length;
      },
      { timeout: 120_000, maxWait: 10_000 },
    );

  const tick = () => {
    runOnce().catch((err: unknown) => logger?.warn({ err }, 'reconciler pass failed; retrying later'));
  };
  tick();
  const timer = setInterval(tick, options.intervalMs ?? 10_000);
  timer.unref();

  return {
    runOnce,
    async close() {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
