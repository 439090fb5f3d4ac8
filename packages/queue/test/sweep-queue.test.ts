import { randomBytes, randomUUID } from 'node:crypto';
import {
  acquireDatabaseServer,
  createScratchDatabase,
  type DatabaseServer,
  type ScratchDatabase,
} from '@swis-dse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchJob, createSweepQueue, createSweepWorker, type QueueConfig } from '../src/index.js';

let server: DatabaseServer;
let scratch: ScratchDatabase;

beforeAll(async () => {
  server = await acquireDatabaseServer();
  scratch = await createScratchDatabase(server.url);
}, 120_000);

afterAll(async () => {
  await scratch?.drop();
  await server?.release();
});

const backends: { name: string; config: () => QueueConfig }[] = [
  { name: 'PostgreSQL', config: () => ({ databaseUrl: scratch.url, prefix: uniquePrefix() }) },
];
if (process.env.REDIS_URL) {
  backends.push({
    name: 'Redis',
    config: () => ({ databaseUrl: scratch.url, redisUrl: process.env.REDIS_URL, prefix: uniquePrefix() }),
  });
}

function uniquePrefix(): string {
  return `q_${randomBytes(5).toString('hex')}`;
}

function job(batch: number, sweepId = randomUUID()): BatchJob {
  return { sweepId, batchKey: `00000000000000ab.${batch}` };
}

describe.each(backends)('sweep queue on $name', ({ config }) => {
  it('adds a batch once however often it is enqueued, and removes waiting jobs', async () => {
    const queue = createSweepQueue(config());
    try {
      const sweepId = randomUUID();
      const jobs = [job(0, sweepId), job(1, sweepId), job(2, sweepId)];
      await queue.enqueue(jobs);
      await queue.enqueue([...jobs, jobs[0]!]);
      expect((await queue.counts()).waiting).toBe(3);
      await queue.remove([jobs[1]!]);
      expect((await queue.counts()).waiting).toBe(2);
      await queue.obliterate();
      expect((await queue.counts()).waiting).toBe(0);
      await expect(queue.ping()).resolves.toBeUndefined();
    } finally {
      await queue.close();
    }
  }, 30_000);

  it('hands every job to a worker once, and a finished job can be enqueued again', async () => {
    const settings = config();
    const queue = createSweepQueue(settings);
    const seen: string[] = [];
    let release: () => void = () => {};
    const allSeen = new Promise<void>((resolve) => {
      release = resolve;
    });
    const worker = createSweepWorker(
      settings,
      async (data) => {
        seen.push(data.batchKey);
        if (seen.length === 20) release();
      },
      { concurrency: 4 },
    );
    try {
      const sweepId = randomUUID();
      await queue.enqueue(Array.from({ length: 20 }, (_, i) => job(i, sweepId)));
      await allSeen;
      expect(new Set(seen).size).toBe(20);
      // Completed jobs are removed, so the reconciler can enqueue an unfinished batch again.
      await expect.poll(async () => (await queue.counts()).completed, { timeout: 10_000 }).toBe(0);
      await queue.enqueue([job(0, sweepId)]);
      await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(21);
    } finally {
      await worker.close();
      await queue.close();
    }
  }, 60_000);

  it('retries a job that throws and reports its failures', async () => {
    const settings = config();
    const queue = createSweepQueue(settings);
    let calls = 0;
    const failures: string[] = [];
    const worker = createSweepWorker(
      settings,
      async () => {
        calls++;
        if (calls < 3) throw new Error(`attempt ${calls} lost its database`);
      },
      { onFailed: (_job, error) => failures.push(error.message) },
    );
    try {
      await queue.enqueue([job(0)]);
      await expect.poll(() => calls, { timeout: 20_000 }).toBe(3);
      expect(failures).toEqual(['attempt 1 lost its database', 'attempt 2 lost its database']);
    } finally {
      await worker.close();
      await queue.close();
    }
  }, 60_000);

  it('refuses malformed jobs at the edge', async () => {
    const queue = createSweepQueue(config());
    try {
      await expect(queue.enqueue([{ sweepId: 'x', batchKey: 'y' }])).rejects.toThrow();
    } finally {
      await queue.close();
    }
  });
});

describe('queue config', () => {
  it('rejects a prefix that cannot name a schema or key space', () => {
    expect(() => createSweepQueue({ databaseUrl: 'postgresql://x/y', prefix: 'Bad-Prefix' })).toThrow(
      /lowercase/,
    );
  });
});
