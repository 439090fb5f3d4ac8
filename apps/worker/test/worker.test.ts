import { randomBytes } from 'node:crypto';
import { type Db, getSweep } from '@swis-dse/db';
import { createSweepQueue, type SweepQueue } from '@swis-dse/queue';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig, startWorker } from '../src/index.js';
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

describe('startWorker', () => {
  it('evaluates the enqueued batches of a sweep and closes gracefully', async () => {
    const { queue, prefix } = testQueue();
    const sweep = await newSweep(db, teamId, {
      ...SMALL_SPEC,
      name: 'worker',
      axes: { ...SMALL_SPEC.axes, bits: [1] },
    });
    const config = loadWorkerConfig({
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL,
      QUEUE_PREFIX: prefix,
      WORKER_CONCURRENCY: '2',
      LOG_LEVEL: 'silent',
    });
    const worker = startWorker({ config });
    closers.push(() => worker.close(5_000));
    await queue.enqueue(sweep.batchKeys.map((batchKey) => ({ sweepId: sweep.id, batchKey })));
    const deadline = Date.now() + 20_000;
    let status = (await getSweep(db, teamId, sweep.id))!.status;
    while (status !== 'done' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await getSweep(db, teamId, sweep.id))!.status;
    }
    expect(await getSweep(db, teamId, sweep.id)).toMatchObject({ status: 'done', counts: { done: 3 } });
    await worker.close(5_000);
  });

  it('finishes the batch it is running when closed', async () => {
    const { queue, prefix } = testQueue();
    const sweep = await newSweep(db, teamId, {
      ...SMALL_SPEC,
      name: 'close-while-running',
      axes: { ...SMALL_SPEC.axes, variant: ['swis-c'] },
    });
    const config = loadWorkerConfig({
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'silent',
    });
    const worker = startWorker({ config });
    closers.push(() => worker.close(5_000));
    await queue.enqueue(sweep.batchKeys.map((batchKey) => ({ sweepId: sweep.id, batchKey })));
    const deadline = Date.now() + 20_000;
    while ((await getSweep(db, teamId, sweep.id))!.status === 'queued' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await worker.close(15_000);
    expect(await getSweep(db, teamId, sweep.id)).toMatchObject({ status: 'done', counts: { done: 3 } });
  });
});
