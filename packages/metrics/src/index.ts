import { type Db, observeQueries } from '@swis-dse/db';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prefix of every series the service exports (process metrics included). */
export const METRICS_PREFIX = 'swis_';

let processRegistry: Registry | undefined;

/**
 * Node.js process metrics (CPU, memory, event loop lag, GC) with METRICS_PREFIX, collected once per process
 * however many apps or workers it runs.
 */
export function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: METRICS_PREFIX });
  }
  return processRegistry;
}

/**
 * Times every SQL statement `db` sends into `swis_db_query_duration_seconds{kind, outcome}` of `registry`.
 * @returns a function that stops observing
 */
export function observeDatabase(registry: Registry, db: Db | undefined): () => void {
  const duration = new Histogram({
    name: `${METRICS_PREFIX}db_query_duration_seconds`,
    help: 'SQL statements sent to PostgreSQL by kind (query returns rows, execute a count) and outcome',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [registry],
  });
  if (db === undefined) return () => {};
  return observeQueries(db, ({ kind, seconds, ok }) =>
    duration.observe({ kind, outcome: ok ? 'ok' : 'error' }, seconds),
  );
}
