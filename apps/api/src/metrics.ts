import type { Db } from '@swis-dse/db';
import { METRICS_PREFIX, observeDatabase, processMetrics } from '@swis-dse/metrics';
import { JOB_STATES, type JobState, type SweepQueue } from '@swis-dse/queue';
import type { FastifyInstance } from 'fastify';
import { Gauge, Histogram, Registry } from 'prom-client';

/** How long a scrape waits for the queue's counts before reporting it down, in ms. */
const QUEUE_COUNTS_TIMEOUT_MS = 1000;

/** Route label of requests no route matched: raw URLs would make one series per probe of a scanner. */
const UNMATCHED_ROUTE = 'unmatched';

/** The API's series, each an aggregate: no team, key, sweep or model appears in any label. */
export interface ApiMetrics {
  /** This app's series plus the process metrics: what GET /metrics answers. */
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Stops observing the database. */
  close(): void;
}

/**
 * The API's registry: HTTP latency by route pattern, the queue's jobs per state (read from the queue at
 * each scrape), and the latency of every SQL statement `db` runs. Without `db` or `queue` their series are
 * declared but stay empty.
 */
export function createApiMetrics(deps: { db?: Db; queue?: Pick<SweepQueue, 'counts'> }): ApiMetrics {
  const own = new Registry();
  const httpDuration = new Histogram({
    name: `${METRICS_PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests by method, route pattern and status code, from receipt to the last byte sent',
    labelNames: ['method', 'route', 'status_code'] as const,
    // Fine below 50 ms: status polls are expected to take a few ms, with a 20 ms p99 objective.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [own],
  });
  const { queue } = deps;
  // One read of the queue per scrape, shared by both series (the registry collects them concurrently).
  let pending: Promise<Record<JobState, number> | null> | undefined;
  const readCounts = () => {
    pending ??= (
      queue === undefined ? Promise.resolve(null) : withTimeout(queue.counts(), QUEUE_COUNTS_TIMEOUT_MS)
    )
      .catch(() => null)
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  new Gauge({
    name: `${METRICS_PREFIX}queue_up`,
    help: `1 when the queue answered its counts within ${QUEUE_COUNTS_TIMEOUT_MS} ms at this scrape, else 0`,
    registers: [own],
    async collect() {
      if (queue !== undefined) this.set((await readCounts()) === null ? 0 : 1);
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}queue_jobs`,
    help: 'Batch jobs in the queue by state (the same for every API instance: aggregate with max)',
    labelNames: ['state'] as const,
    registers: [own],
    async collect() {
      if (queue === undefined) return;
      const counts = await readCounts();
      // A scrape never fails because the queue is down: the series disappear and queue_up says why.
      this.reset();
      if (counts !== null) for (const state of JOB_STATES) this.set({ state }, counts[state] ?? 0);
    },
  });
  const stop = observeDatabase(own, deps.db);
  return { registry: Registry.merge([processMetrics(), own]), httpDuration, close: stop };
}

/**
 * GET /metrics (Prometheus text format) and the HTTP latency of every request. Unauthenticated like the
 * probes, and like every route but the probes it counts against the per-address rate limit (a scraper
 * every 15 s uses 4 of RATE_LIMIT_MAX per minute); it shows only aggregate numbers.
 */
export function registerMetrics(app: FastifyInstance, deps: { db: Db; queue: SweepQueue }): void {
  const metrics = createApiMetrics(deps);
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  app.addHook('onClose', async () => metrics.close());
  app.get(
    '/metrics',
    { schema: { tags: ['health'], summary: 'Prometheus metrics (aggregate numbers only)' } },
    async (_request, reply) => {
      const body = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(body);
    },
  );
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
