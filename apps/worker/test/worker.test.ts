import { getSweep } from '@swis-dse/db';
import { describe, expect, it } from 'vitest';
import { loadWorkerConfig, startWorker } from '../src/index.js';
import { newSweep, SMALL_SPEC } from './support/sweeps.js';
import { useWorkerTestContext } from './support/worker-context.js';

const ctx = useWorkerTestContext();

describe('startWorker', () => {
  it('evaluates the enqueued batches of a sweep and closes gracefully', async () => {
    const { queue, prefix } = ctx.testQueue();
    const sweep = await newSweep(ctx.db, ctx.teamId, {
      ...SMALL_SPEC,
      name: 'worker',
      axes: { ...SMALL_SPEC.axes, bits: [1] },
    });
    const config = loadWorkerConfig({
      DATABASE_URL: ctx.database.url,
      REDIS_URL: process.env.REDIS_URL,
      QUEUE_PREFIX: prefix,
      WORKER_CONCURRENCY: '2',
      LOG_LEVEL: 'silent',
    });
    const worker = startWorker({ config });
    ctx.defer(() => worker.close(5_000));
    await queue.enqueue(sweep.batchKeys.map((batchKey) => ({ sweepId: sweep.id, batchKey })));
    const deadline = Date.now() + 20_000;
    let status = (await getSweep(ctx.db, ctx.teamId, sweep.id))!.status;
    while (status !== 'done' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await getSweep(ctx.db, ctx.teamId, sweep.id))!.status;
    }
    expect(await getSweep(ctx.db, ctx.teamId, sweep.id)).toMatchObject({
      status: 'done',
      counts: { done: 3 },
    });
    await worker.close(5_000);
  });

  it('finishes the batch it is running when closed', async () => {
    const { queue, prefix } = ctx.testQueue();
    const sweep = await newSweep(ctx.db, ctx.teamId, {
      ...SMALL_SPEC,
      name: 'close-while-running',
      axes: { ...SMALL_SPEC.axes, variant: ['swis-c'] },
    });
    const config = loadWorkerConfig({
      DATABASE_URL: ctx.database.url,
      REDIS_URL: process.env.REDIS_URL,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'silent',
    });
    const worker = startWorker({ config });
    ctx.defer(() => worker.close(5_000));
    await queue.enqueue(sweep.batchKeys.map((batchKey) => ({ sweepId: sweep.id, batchKey })));
    const deadline = Date.now() + 20_000;
    while ((await getSweep(ctx.db, ctx.teamId, sweep.id))!.status === 'queued' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await worker.close(15_000);
    expect(await getSweep(ctx.db, ctx.teamId, sweep.id)).toMatchObject({
      status: 'done',
      counts: { done: 3 },
    });
  });
});
