import { randomBytes } from 'node:crypto';
import { cancelSweep, type Db, unfinishedBatches } from '@swis-dse/db';
import { createSweepQueue, type SweepQueue } from '@swis-dse/queue';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RECONCILER_LOCK_KEY, type Reconciler, startReconciler } from '../src/index.js';
import { newSweep, newTeam, SMALL_SPEC } from './support/sweeps.js';
import { acquireTestDatabase, type TestDatabase } from './support/test-database.js';

let database: TestDatabase;
let db: Db;
let teamId: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await acquireTestDatabase();
  db = database.db;
  teamId = await newTeam(db);
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

afterAll(async () => {
  await database?.release();
});

/** A queue of its own per test: a fresh key prefix (Redis) or schema (PostgreSQL backend). */
function testQueue(): { queue: SweepQueue; prefix: string } {
  const prefix = `t_${randomBytes(6).toString('hex')}`;
  const redisUrl = process.env.REDIS_URL;
  const queue = createSweepQueue({ databaseUrl: database.url, prefix, ...(redisUrl ? { redisUrl } : {}) });
  closers.push(() => queue.close());
  return { queue, prefix };
}

function reconciler(queue: SweepQueue): Reconciler {
  const r = startReconciler({ db, queue, intervalMs: 60_000 });
  closers.push(() => r.close());
  return r;
}

describe('startReconciler', () => {
  it('re-enqueues the unfinished batches after the queue lost its jobs, once each', async () => {
    const { queue } = testQueue();
    const sweep = await newSweep(db, teamId, {
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
    const { queue } = testQueue();
    const sweep = await newSweep(db, teamId, {
      ...SMALL_SPEC,
      name: 'cancelled',
      axes: { ...SMALL_SPEC.axes, bits: [6] },
    });
    await cancelSweep(db, teamId, sweep.id);
    const r = reconciler(queue);
    await r.runOnce();
    const waiting = (await queue.counts()).waiting;
    expect(waiting).toBe((await unfinishedBatches(db)).length);
    expect((await unfinishedBatches(db)).some((b) => b.sweepId === sweep.id)).toBe(false);
  });

  it('skips a pass while another process holds the lock', async () => {
    const { queue } = testQueue();
    const r = reconciler(queue);
    await r.runOnce();
    const client = new pg.Client({ connectionString: database.url });
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
