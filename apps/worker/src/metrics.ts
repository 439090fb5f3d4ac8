import { createServer, type Server } from 'node:http';
import type { Db } from '@swis-dse/db';
import { METRICS_PREFIX, observeDatabase, processMetrics } from '@swis-dse/metrics';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BatchOutcome } from './process-batch.js';
import type { QuantizationCache } from './quantization-cache.js';

/** Where a worker serves GET /metrics when WORKER_METRICS_PORT is unset. */
export const DEFAULT_WORKER_METRICS_PORT = 9464;

/** A worker's series: counters of its batches and points, and its caches. */
export interface WorkerMetrics {
  /** The worker's series plus the process metrics: what GET /metrics answers. */
  readonly registry: Registry;
  /** Counts a job processBatch finished, and its evaluation time (`seconds`: the job's wall time). */
  recordBatch(outcome: BatchOutcome, seconds: number): void;
  /** Counts a job that threw (BullMQ retries it). */
  recordFailure(seconds: number): void;
  /** Stops observing the database. */
  close(): void;
}

/**
 * The registry of one worker: batches by outcome, points by source, point evaluation time, result-cache
 * hits and misses (their ratio is a PromQL expression), the quantization cache, and SQL latency of `db`.
 */
export function createWorkerMetrics(deps: { quantizations?: QuantizationCache; db?: Db }): WorkerMetrics {
  const own = new Registry();
  const p = METRICS_PREFIX;
  const batches = new Counter({
    name: `${p}batches_total`,
    help: 'Batch jobs by outcome: done (points recorded), skipped (nothing left to do), failed (thrown, retried)',
    labelNames: ['outcome'] as const,
    registers: [own],
  });
  const batchSeconds = new Histogram({
    name: `${p}batch_duration_seconds`,
    help: 'Wall time of a batch job (claim, cache lookups, evaluation and writes) by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [own],
  });
  const points = new Counter({
    name: `${p}points_total`,
    help: 'Points recorded by source: computed here, answered by the result cache, or failed (cannot be evaluated)',
    labelNames: ['source'] as const,
    registers: [own],
  });
  const pointSeconds = new Histogram({
    name: `${p}point_eval_seconds`,
    help: 'Evaluation time per computed point: the wall time of its batch divided by the points it computed',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [own],
  });
  const resultHits = new Counter({
    name: `${p}result_cache_hits_total`,
    help: 'Points answered by the cross-sweep result cache',
    registers: [own],
  });
  const resultMisses = new Counter({
    name: `${p}result_cache_misses_total`,
    help: 'Points the cross-sweep result cache did not know (then computed or failed here)',
    registers: [own],
  });
  const cache = deps.quantizations;
  if (cache !== undefined) {
    new Gauge({
      name: `${p}quantization_cache_bytes`,
      help: "Bytes held by this process's quantization cache (QUANT_CACHE_MB bounds it)",
      registers: [own],
      collect() {
        this.set(cache.bytes);
      },
    });
    new Gauge({
      name: `${p}quantization_cache_entries`,
      help: "Quantizations held by this process's cache",
      registers: [own],
      collect() {
        this.set(cache.size);
      },
    });
    // The cache keeps its own totals; the counters mirror them at each scrape.
    new Counter({
      name: `${p}quantization_cache_hits_total`,
      help: 'Quantizations served from this process cache',
      registers: [own],
      collect() {
        this.reset();
        this.inc(cache.hits);
      },
    });
    new Counter({
      name: `${p}quantization_cache_misses_total`,
      help: 'Quantizations computed by this process',
      registers: [own],
      collect() {
        this.reset();
        this.inc(cache.misses);
      },
    });
  }
  for (const outcome of ['done', 'skipped', 'failed']) batches.inc({ outcome }, 0);
  for (const source of ['computed', 'cached', 'failed']) points.inc({ source }, 0);
  const stop = observeDatabase(own, deps.db);
  return {
    registry: Registry.merge([processMetrics(), own]),
    recordBatch(outcome, seconds) {
      const label = outcome.claimed ? 'done' : 'skipped';
      batches.inc({ outcome: label });
      batchSeconds.observe({ outcome: label }, seconds);
      if (!outcome.claimed) return;
      points.inc({ source: 'computed' }, outcome.computed);
      points.inc({ source: 'cached' }, outcome.cached);
      points.inc({ source: 'failed' }, outcome.failed);
      resultHits.inc(outcome.cached);
      resultMisses.inc(outcome.points - outcome.cached);
      for (let i = 0; i < outcome.computed; i++) pointSeconds.observe(seconds / outcome.computed);
    },
    recordFailure(seconds) {
      batches.inc({ outcome: 'failed' });
      batchSeconds.observe({ outcome: 'failed' }, seconds);
    },
    close: stop,
  };
}

/** A listening /metrics endpoint. */
export interface MetricsServer {
  /** The port it listens on. */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `registry` at GET /metrics on `port` of every interface (Prometheus scrapes pods by their IP);
 * any other path answers 404. Rejects when the port cannot be bound.
 */
export async function serveMetrics(registry: Registry, port: number): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (error: unknown) =>
        response.writeHead(500, { 'content-type': 'text/plain' }).end(`${(error as Error).message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
