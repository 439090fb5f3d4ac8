import { performance } from 'node:perf_hooks';
import { createDb, type Db } from '@swis-dse/db';
import { createSweepWorker, type QueueConfig } from '@swis-dse/queue';
import { type Logger, pino } from 'pino';
import type { WorkerConfig } from './config.js';
import {
  createWorkerMetrics,
  DEFAULT_WORKER_METRICS_PORT,
  type MetricsServer,
  serveMetrics,
  type WorkerMetrics,
} from './metrics.js';
import { createNetworkSource } from './network-source.js';
import { type BatchDeps, type BatchOutcome, processBatch } from './process-batch.js';
import { createQuantizationCache } from './quantization-cache.js';

const MIB = 1024 * 1024;

export interface StartWorkerOptions {
  readonly config: WorkerConfig;
  /** A database client to use (and leave open); otherwise one is created and closed with the worker. */
  readonly db?: Db;
  /** @defaultValue pino at config.LOG_LEVEL */
  readonly logger?: Logger;
}

/** A running queue consumer. */
export interface RunningWorker {
  readonly deps: BatchDeps;
  /** Its Prometheus series. */
  readonly metrics: WorkerMetrics;
  /** The /metrics endpoint once listening; null when WORKER_METRICS_PORT is 0 or the port was taken. */
  readonly metricsServer: Promise<MetricsServer | null>;
  /**
   * Stops taking jobs and lets the running ones finish; after `timeoutMs` they are aborted at the next
   * point (BullMQ retries them later). Then closes the queue connection and the database it created.
   * @param timeoutMs - @defaultValue 30000
   */
  close(timeoutMs?: number): Promise<void>;
}

/** The queue settings of a worker's configuration. */
export function queueConfigOf(config: WorkerConfig): QueueConfig {
  return {
    databaseUrl: config.DATABASE_URL,
    ...(config.REDIS_URL === undefined ? {} : { redisUrl: config.REDIS_URL }),
    ...(config.QUEUE_PREFIX === undefined ? {} : { prefix: config.QUEUE_PREFIX }),
  };
}

/**
 * Consumes batch jobs with config.WORKER_CONCURRENCY jobs at once, logging one line per job (sweepId,
 * batchKey, points, ms). Signals are the caller's business (main.ts closes on SIGTERM).
 */
export function startWorker(options: StartWorkerOptions): RunningWorker {
  const { config } = options;
  const logger = options.logger ?? pino({ level: config.LOG_LEVEL });
  const db = options.db ?? createDb(config.DATABASE_URL);
  const deps: BatchDeps = {
    db,
    networks: createNetworkSource(),
    quantizations: createQuantizationCache(config.QUANT_CACHE_MB * MIB),
  };
  const metrics = createWorkerMetrics({ quantizations: deps.quantizations, db });
  const metricsPort = config.WORKER_METRICS_PORT ?? DEFAULT_WORKER_METRICS_PORT;
  const metricsServer =
    metricsPort === 0
      ? Promise.resolve(null)
      : serveMetrics(metrics.registry, metricsPort).catch((err: unknown) => {
          logger.warn({ err, port: metricsPort }, 'metrics endpoint not started');
          return null;
        });
  const abort = new AbortController();
  const worker = createSweepWorker(
    queueConfigOf(config),
    async (job) => {
      const start = performance.now();
      let outcome: BatchOutcome;
      try {
        outcome = await processBatch(deps, job, abort.signal);
      } catch (error) {
        metrics.recordFailure((performance.now() - start) / 1000);
        throw error;
      }
      metrics.recordBatch(outcome, (performance.now() - start) / 1000);
      const ms = Math.round(performance.now() - start);
      logger.info({ ...job, ...outcome, ms }, outcome.claimed ? 'batch done' : 'batch skipped');
    },
    {
      concurrency: config.WORKER_CONCURRENCY,
      lockMs: config.WORKER_LOCK_MS,
      onError: (err) => logger.warn({ err }, 'queue connection error; retrying'),
      onFailed: (job, err) => logger.warn({ ...job, err }, 'batch failed; it will be retried'),
    },
  );
  logger.info(
    { concurrency: config.WORKER_CONCURRENCY, queue: worker.kind, pid: process.pid },
    'worker started',
  );

  let closing: Promise<void> | undefined;
  return {
    deps,
    metrics,
    metricsServer,
    close(timeoutMs = 30_000) {
      closing ??= (async () => {
        const closed = worker.close();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), timeoutMs);
        });
        if ((await Promise.race([closed, timedOut])) === 'timeout') {
          logger.warn({ timeoutMs }, 'running batches did not finish in time; aborting them');
          abort.abort(new Error('worker shutting down'));
          await closed.catch(() => {});
        }
        clearTimeout(timer);
        await (await metricsServer)?.close();
        metrics.close();
        if (options.db === undefined) await db.$disconnect();
        logger.info({ pid: process.pid }, 'worker closed');
      })();
      return closing;
    },
  };
}
