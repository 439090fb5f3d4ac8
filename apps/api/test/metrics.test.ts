import { randomUUID } from 'node:crypto';
import type { SweepQueue } from '@swis-dse/queue';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { ApiConfigSchema } from '../src/config.js';
import { ISSUE_SPEC } from './support/fixtures.js';
import { startTestContext, type TestContext } from './support/test-app.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await startTestContext();
});

afterAll(async () => {
  await ctx?.close();
});

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

function find(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
  );
}

async function scrape(app = ctx.app): Promise<{ text: string; samples: Sample[] }> {
  const res = await app.inject({ url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return { text: res.body, samples: parseExposition(res.body) };
}

describe('GET /metrics', () => {
  it('exports HTTP latency by route pattern, queue depth, database latency and process metrics', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/v1/sweeps',
      headers: ctx.alpha.auth,
      payload: ISSUE_SPEC,
    });
    expect(created.statusCode).toBe(202);
    const sweepId = (created.json() as { id: string }).id;
    expect((await ctx.app.inject({ url: `/v1/sweeps/${sweepId}`, headers: ctx.alpha.auth })).statusCode).toBe(
      200,
    );
    const unknown = randomUUID();
    expect((await ctx.app.inject({ url: `/v1/sweeps/${unknown}`, headers: ctx.alpha.auth })).statusCode).toBe(
      404,
    );
    expect((await ctx.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/no/such/route/12345' })).statusCode).toBe(404);

    // No Authorization header: the endpoint is open, like the probes.
    const { text, samples } = await scrape();
    const http = 'swis_http_request_duration_seconds';
    const byRoute = (route: string, status: string, method = 'GET') =>
      find(samples, `${http}_count`, { method, route, status_code: status })[0]?.value;
    expect(byRoute('/v1/sweeps/:id', '200')).toBe(1);
    expect(byRoute('/v1/sweeps/:id', '404')).toBe(1);
    expect(byRoute('/v1/sweeps', '202', 'POST')).toBe(1);
    expect(byRoute('/healthz', '200')).toBeGreaterThanOrEqual(1);
    expect(byRoute('unmatched', '404')).toBe(1);
    // The route label is the pattern: no id and no raw URL ever becomes a label value.
    for (const sample of find(samples, `${http}_count`))
      expect(sample.labels.route).not.toMatch(/[0-9a-f]{8}-/);
    expect(text).not.toContain(sweepId);
    expect(text).not.toContain(unknown);
    expect(text).not.toContain('/no/such/route');
    // Team data never appears: no team name, key or key prefix.
    for (const secret of [ctx.alpha.name, ctx.alpha.key, ctx.alpha.prefix])
      expect(text).not.toContain(secret);
    const sum = find(samples, `${http}_sum`, { route: '/v1/sweeps', method: 'POST' })[0]!.value;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(60);
    const buckets = find(samples, `${http}_bucket`, { route: '/v1/sweeps', method: 'POST' });
    expect(buckets.find((b) => b.labels.le === '+Inf')?.value).toBe(1);

    // The sweep's batches wait in the queue (no worker runs here).
    expect(find(samples, 'swis_queue_up')[0]?.value).toBe(1);
    const states = find(samples, 'swis_queue_jobs').map((s) => s.labels.state);
    expect(states.sort()).toEqual(['active', 'completed', 'delayed', 'failed', 'prioritized', 'waiting']);
    expect(find(samples, 'swis_queue_jobs', { state: 'waiting' })[0]!.value).toBeGreaterThan(0);

    // Every SQL statement the requests caused was timed at the driver.
    const queries = find(samples, 'swis_db_query_duration_seconds_count', { kind: 'query', outcome: 'ok' });
    expect(queries[0]?.value).toBeGreaterThan(0);
    const querySeconds = find(samples, 'swis_db_query_duration_seconds_sum', {
      kind: 'query',
      outcome: 'ok',
    });
    expect(querySeconds[0]!.value).toBeGreaterThan(0);
    expect(querySeconds[0]!.value).toBeLessThan(60);

    expect(find(samples, 'swis_process_resident_memory_bytes')[0]?.value).toBeGreaterThan(1024 * 1024);
    expect(find(samples, 'swis_nodejs_heap_size_used_bytes')[0]?.value).toBeGreaterThan(0);
  });

  it('still answers, without queue series and with queue_up 0, when the queue does not answer', async () => {
    const stuck: SweepQueue = { ...ctx.queue, counts: () => new Promise(() => {}) };
    const app = buildApp({
      db: ctx.db,
      queue: stuck,
      config: ApiConfigSchema.parse({ DATABASE_URL: ctx.scratch.url, LOG_LEVEL: 'silent' }),
      logger: pino({ level: 'silent' }),
    });
    try {
      const start = Date.now();
      const { samples } = await scrape(app);
      expect(Date.now() - start).toBeLessThan(5000);
      expect(find(samples, 'swis_queue_up')[0]?.value).toBe(0);
      expect(find(samples, 'swis_queue_jobs')).toEqual([]);
      const failing: SweepQueue = { ...ctx.queue, counts: () => Promise.reject(new Error('ECONNREFUSED')) };
      const app2 = buildApp({
        db: ctx.db,
        queue: failing,
        config: ApiConfigSchema.parse({ DATABASE_URL: ctx.scratch.url, LOG_LEVEL: 'silent' }),
        logger: pino({ level: 'silent' }),
      });
      try {
        expect(find((await scrape(app2)).samples, 'swis_queue_up')[0]?.value).toBe(0);
      } finally {
        await app2.close();
      }
    } finally {
      await app.close();
    }
  });
});
