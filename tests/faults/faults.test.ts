// npm run test:faults: processes killed, Redis emptied and restarted, PostgreSQL and the API restarted in
// the middle of sweeps. Runs alone (it stops the machine's services), one case after another.
import { acquireDatabaseServer, type DatabaseServer } from '@swis-dse/db';
import { mulberry32, type SweepSpecInput } from '@swis-dse/swis-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectDirectResults } from '../support/expected-points.js';
import {
  canRestartPostgres,
  canRestartRedis,
  flushRedis,
  restartRedis,
  startPostgres,
  stopPostgres,
} from '../support/machine-services.js';
import { type ServiceStack, startStack } from '../support/service-stack.js';

/** 5 variants x 3 bit widths x 2 group sizes (30 quantizations) x 2 arrays = 60 points. */
const SPEC = {
  name: 'faults',
  model: 'mobilenet_v2',
  axes: {
    variant: ['swis', 'swis-c', 'truncation', 'uniform', 'block-fp'],
    bits: [1, 2, 3],
    groupSize: [8, 16],
    hardware: [
      { arch: 'swis', rows: 32, cols: 32, dataflow: 'ws' },
      { arch: 'stripes', rows: 16, cols: 16, dataflow: 'os' },
    ],
  },
  baseline: { arch: 'weight-serial', rows: 32, cols: 32, dataflow: 'ws' },
  objectives: ['bitsPerWeight:min', 'cycles:min', 'sqnrDb:max'],
} satisfies SweepSpecInput;

const SEED = Number(process.env.FAULTS_SEED ?? 20261128);
const redis = canRestartRedis();
if (!redis) console.info('faults: REDIS_URL is not the machine Redis (or not root): Redis cases NOT RUN');
if (!canRestartPostgres())
  console.info('faults: DATABASE_URL is not a restartable local PostgreSQL: PostgreSQL case NOT RUN');
console.info(`faults: seed ${SEED} (FAULTS_SEED)`);

let server: DatabaseServer;
let stack: ServiceStack | undefined;
beforeAll(async () => {
  server = await acquireDatabaseServer();
});
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});
afterAll(async () => {
  await server?.release();
});

/** Waits for the sweep to finish and checks every point exactly once against direct swis-core calls. */
async function expectCompleted(sweepId: string): Promise<void> {
  const done = await stack!.client.waitForSweep(sweepId, { timeoutMs: 240_000 });
  expect(done.status, stack!.workers.map((w) => w.output()).join('\n')).toBe('done');
  expect(done.counts).toMatchObject({ total: 60, pending: 0, running: 0, cancelled: 0 });
  const points = await stack!.client.allPoints(sweepId);
  expect(points).toHaveLength(60);
  expect(await stack!.db.point.count({ where: { sweepId } })).toBe(60);
  await expectDirectResults(SPEC, points);
}

describe('faults', () => {
  it('completes a sweep exactly once while worker processes are SIGKILLed at random points', async () => {
    stack = await startStack(server.url, { workers: 2, redis });
    const random = mulberry32(SEED);
    const sweep = await stack.client.submitSweep(SPEC);
    const kills = [0.1, 0.35, 0.6].map((base) => base + random() * 0.15);
    for (const threshold of kills) {
      await stack.waitUntil(sweep.id, (s) => s.progress >= threshold || s.status === 'done');
      const alive = stack.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
      const victim = alive[Math.floor(random() * alive.length)]!;
      await victim.stop('SIGKILL');
      stack.addWorker();
    }
    await expectCompleted(sweep.id);
  }, 300_000);

  it.runIf(redis)(
    'restores the work from PostgreSQL when Redis loses everything (FLUSHALL), exactly once',
    async () => {
      stack = await startStack(server.url, { workers: 2, redis: true });
      const sweep = await stack.client.submitSweep(SPEC);
      await stack.waitUntil(sweep.id, (s) => s.progress >= 0.3);
      flushRedis();
      await expectCompleted(sweep.id);
    },
    300_000,
  );

  it.runIf(redis)(
    'survives a Redis restart mid-sweep (workers and API reconnect)',
    async () => {
      stack = await startStack(server.url, { workers: 2, redis: true });
      const sweep = await stack.client.submitSweep(SPEC);
      await stack.waitUntil(sweep.id, (s) => s.progress >= 0.3);
      restartRedis(1500);
      await expectCompleted(sweep.id);
    },
    300_000,
  );

  it.runIf(canRestartPostgres())(
    'answers 503 with Retry-After while PostgreSQL is down (never 500, never a hang) and loses nothing',
    async () => {
      stack = await startStack(server.url, { workers: 2, redis });
      const sweep = await stack.client.submitSweep(SPEC);
      await stack.waitUntil(sweep.id, (s) => s.progress >= 0.25);
      stopPostgres();
      const answers: number[] = [];
      try {
        const until = Date.now() + 4000;
        while (Date.now() < until) {
          const started = Date.now();
          const response = await fetch(`${stack.baseUrl}/v1/sweeps/${sweep.id}`, {
            headers: { authorization: `Bearer ${stack.key}` },
            signal: AbortSignal.timeout(8000),
          });
          expect(Date.now() - started).toBeLessThan(8000);
          answers.push(response.status);
          if (response.status === 503) {
            expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
            expect(((await response.json()) as { code: string }).code).toBe('SWIS_ERR_API_UNAVAILABLE');
          } else {
            await response.arrayBuffer();
          }
          await new Promise((r) => setTimeout(r, 200));
        }
        const ready = await fetch(`${stack.baseUrl}/readyz`);
        expect(ready.status).toBe(503);
      } finally {
        startPostgres();
      }
      expect(
        answers.every((status) => status === 200 || status === 503),
        String(answers),
      ).toBe(true);
      expect(answers).toContain(503);
      await expectCompleted(sweep.id);
      expect(stack.api.child.exitCode).toBeNull();
      for (const worker of stack.workers) expect(worker.child.exitCode, worker.output()).toBeNull();
    },
    300_000,
  );

  it('restarts the API mid-sweep: clients polling with ETags resume, nothing is lost', async () => {
    stack = await startStack(server.url, { workers: 1, redis });
    const sweep = await stack.client.submitSweep(SPEC);
    await stack.waitUntil(sweep.id, (s) => s.progress >= 0.2);
    const before = await stack.client.sweepStatus(sweep.id);
    await stack.restartApi();
    // The ETag is the sweep's version in PostgreSQL, so it means the same to the new process.
    const after = await stack.client.sweepStatus(sweep.id, before.etag!);
    if (after.status === null) expect(after.etag).toBe(before.etag);
    else
      expect(after.status.counts.done + after.status.counts.failed).toBeGreaterThanOrEqual(
        before.status!.counts.done,
      );
    await expectCompleted(sweep.id);
  }, 300_000);

  it('lets a worker finish its batch on SIGTERM, exit 0, and leave nothing running', async () => {
    stack = await startStack(server.url, { workers: 1, redis });
    const sweep = await stack.client.submitSweep(SPEC);
    await stack.waitUntil(sweep.id, (s) => s.counts.running > 0 && s.progress >= 0.1);
    const worker = stack.workers[0]!;
    expect(await worker.stop('SIGTERM'), worker.output()).toBe(0);
    // PostgreSQL, not the API's short-lived status cache: the batch it held is recorded, none is left running.
    expect(await stack.db.point.count({ where: { sweepId: sweep.id, status: 'running' } })).toBe(0);
    const paused = await stack.db.sweep.findUniqueOrThrow({ where: { id: sweep.id } });
    expect(paused).toMatchObject({ status: 'running', runningPoints: 0 });
    expect(paused.donePoints + paused.failedPoints).toBeGreaterThan(0);
    stack.addWorker();
    await expectCompleted(sweep.id);
  }, 300_000);
});
