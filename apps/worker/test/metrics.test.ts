import { getSweep } from '@swis-dse/db';
import type { SweepQueue } from '@swis-dse/queue';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../tests/support/service-processes.js';
import { loadWorkerConfig, type RunningWorker, startWorker } from '../src/index.js';
import { newSweep, SMALL_SPEC } from './support/sweeps.js';
import { useWorkerTestContext } from './support/worker-context.js';

const ctx = useWorkerTestContext();

function start(prefix: string, port: number | string): RunningWorker {
  const worker = startWorker({
    config: loadWorkerConfig({
      DATABASE_URL: ctx.database.url,
      REDIS_URL: process.env.REDIS_URL,
      QUEUE_PREFIX: prefix,
      WORKER_METRICS_PORT: String(port),
      LOG_LEVEL: 'silent',
    }),
  });
  ctx.defer(() => worker.close(5_000));
  return worker;
}

/** Sample values by `name{label="value",...}` exactly as exposed. */
async function scrape(port: number): Promise<Map<string, number>> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

async function runSweep(queue: SweepQueue, name: string): Promise<void> {
  const sweep = await newSweep(ctx.db, ctx.teamId, { ...SMALL_SPEC, name });
  await queue.enqueue(sweep.batchKeys.map((batchKey) => ({ sweepId: sweep.id, batchKey })));
  const deadline = Date.now() + 30_000;
  while ((await getSweep(ctx.db, ctx.teamId, sweep.id))!.status !== 'done' && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  expect((await getSweep(ctx.db, ctx.teamId, sweep.id))!.status).toBe('done');
}

describe('worker metrics', () => {
  it('serves batch, point, cache and database series on WORKER_METRICS_PORT', async () => {
    const { queue, prefix } = ctx.testQueue();
    const port = await freePort();
    const worker = start(prefix, port);
    expect((await worker.metricsServer)?.port).toBe(port);

    const before = await scrape(port);
    expect(before.get('swis_batches_total{outcome="done"}')).toBe(0);
    expect(before.get('swis_points_total{source="computed"}')).toBe(0);

    // Three points sharing one quantization: computed the first time, answered by the result cache the second.
    await runSweep(queue, 'metrics-1');
    let m = await scrape(port);
    expect(m.get('swis_batches_total{outcome="done"}')).toBe(1);
    expect(m.get('swis_batches_total{outcome="failed"}')).toBe(0);
    expect(m.get('swis_points_total{source="computed"}')).toBe(3);
    expect(m.get('swis_points_total{source="cached"}')).toBe(0);
    expect(m.get('swis_result_cache_hits_total')).toBe(0);
    expect(m.get('swis_result_cache_misses_total')).toBe(3);
    expect(m.get('swis_point_eval_seconds_count')).toBe(3);
    const evalSeconds = m.get('swis_point_eval_seconds_sum')!;
    expect(evalSeconds).toBeGreaterThan(0);
    expect(evalSeconds).toBeLessThan(60);
    expect(m.get('swis_point_eval_seconds_bucket{le="+Inf"}')).toBe(3);
    expect(m.get('swis_batch_duration_seconds_count{outcome="done"}')).toBe(1);
    expect(m.get('swis_quantization_cache_entries')).toBe(1);
    expect(m.get('swis_quantization_cache_bytes')).toBe(worker.deps.quantizations.bytes);
    expect(m.get('swis_quantization_cache_bytes')).toBeGreaterThan(1024 * 1024);
    expect(m.get('swis_quantization_cache_misses_total')).toBe(1);
    expect(m.get('swis_db_query_duration_seconds_count{kind="query",outcome="ok"}')).toBeGreaterThan(0);
    expect(m.get('swis_process_resident_memory_bytes')).toBeGreaterThan(1024 * 1024);

    await runSweep(queue, 'metrics-2');
    m = await scrape(port);
    expect(m.get('swis_batches_total{outcome="done"}')).toBe(2);
    expect(m.get('swis_points_total{source="computed"}')).toBe(3);
    expect(m.get('swis_points_total{source="cached"}')).toBe(3);
    expect(m.get('swis_result_cache_hits_total')).toBe(3);
    expect(m.get('swis_result_cache_misses_total')).toBe(3);
    expect(m.get('swis_point_eval_seconds_count')).toBe(3);

    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    await worker.close(5_000);
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('serves nothing with WORKER_METRICS_PORT=0, and keeps working when the port is taken', async () => {
    const { prefix } = ctx.testQueue();
    expect(await start(prefix, 0).metricsServer).toBeNull();
    const port = await freePort();
    const first = start(prefix, port);
    expect((await first.metricsServer)?.port).toBe(port);
    const second = start(prefix, port);
    expect(await second.metricsServer).toBeNull();
    expect((await scrape(port)).has('swis_batches_total{outcome="done"}')).toBe(true);
  });
});
