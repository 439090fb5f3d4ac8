import { cancelSweep, unfinishedBatches } from '@swis-dse/db';
import type { SweepQueue } from '@swis-dse/queue';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { RECONCILER_LOCK_KEY, type Reconciler, startReconciler } from '../src/index.js';
import { newSweep, SMALL_SPEC } from './support/sweeps.js';
import { useWorkerTestContext } from './support/worker-context.js';

const ctx = useWorkerTestContext();

function reconciler(queue: SweepQueue): Reconciler {
  const r = startReconciler({ db: ctx.db, queue, intervalMs: 60_000 });
  ctx.defer(() => r.close());
  return r;
}

describe('startReconciler', () => {
  it('re-enqueues the unfinished batches after the queue lost its jobs, once each', async () => {
    const { queue } = ctx.testQueue();
    const sweep = await newSweep(ctx.db, ctx.teamId, {
      ...SMALL_SPEC,
      name: 'reconcile',
      axes: { ...SMALL_SPEC.axes, bits: [2, 3] },
    });
    expect(sweep.batchKeys).toHaveLength(2);
    const jobs = sweep.batchKeys.map((batchKey) => ({ sweepId: sweep.id, batchKey }));
    await queue.enqueue(jobs);
    await queue.remove(jobs);
    expect((await queue.counts()).waiting).toBe(0);

    const r = reconciler(queue);
    // The pass started with the reconciler, or this one: either way both batches are queued once.
    const enqueued = await r.runOnce();
    expect(enqueued === null || enqueued >= 2).toBe(true);
    await r.runOnce();
    expect((await queue.counts()).waiting).toBe(2);
  });

  it('leaves finished and cancelled sweeps alone', async () => {
    const { queue } = ctx.testQueue();
    const sweep = await newSweep(ctx.db, ctx.teamId, {
      ...SMALL_SPEC,
      name: 'cancelled',
      axes: { ...SMALL_SPEC.axes, bits: [6] },
    });
    await cancelSweep(ctx.db, ctx.teamId, sweep.id);
    const r = reconciler(queue);
    await r.runOnce();
    const waiting = (await queue.counts()).waiting;
    expect(waiting).toBe((await unfinishedBatches(ctx.db)).length);
    expect((await unfinishedBatches(ctx.db)).some((b) => b.sweepId === sweep.id)).toBe(false);
  });

  it('skips a pass while another process holds the lock', async () => {
    const { queue } = ctx.testQueue();
    const r = reconciler(queue);
    await r.runOnce();
    const client = new pg.Client({ connectionString: ctx.database.url });
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1::bigint)', [String(RECONCILER_LOCK_KEY)]);
      expect(await r.runOnce()).toBeNull();
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [String(RECONCILER_LOCK_KEY)]);
      expect(await r.runOnce()).toEqual(expect.any(Number));
    } finally {
      await client.end();
    }
  });
});
