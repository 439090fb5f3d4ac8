import { z } from 'zod';

/** The worker's environment, parsed once at start. */
export const WorkerConfigSchema = z.object({
  /** PostgreSQL connection string (the source of truth). */
  DATABASE_URL: z.string({ error: 'is required: a postgresql:// URL' }).min(1),
  /** Redis for the work queue; without it the queue lives in PostgreSQL. */
  REDIS_URL: z.string().min(1).optional(),
  /** Queue key prefix (Redis) or schema (PostgreSQL backend). */
  QUEUE_PREFIX: z.string().min(1).optional(),
  /** Batches one process evaluates at once. @defaultValue 1 */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(1),
  /** Worker processes `npm run worker` forks (each with its own concurrency). @defaultValue 1 */
  WORKER_PROCESSES: z.coerce.number().int().min(1).max(256).default(1),
  /** How often pending batches are re-enqueued from PostgreSQL, in ms. @defaultValue 10000 */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /**
   * Memory the per-process quantization cache may hold, in MiB (0 disables it). A batch already shares
   * one quantization among its points, so the cache serves the chunks of large batches and repeated
   * sweeps; MobileNet-v2 takes about 12 MiB per quantization. @defaultValue 64
   */
  QUANT_CACHE_MB: z.coerce.number().min(0).default(64),
  /**
   * Scheduling niceness of a worker process (0 = normal, 19 = lowest): evaluation is batch work, so on a
   * machine it shares with the API it yields the CPU to requests. @defaultValue 10
   */
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /**
   * Lock of a running batch job, in ms: a worker that dies holding a job has it taken back within about
   * 1.5 times this. Longer than any batch blocks the event loop. @defaultValue 15000
   */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  /**
   * Port of the worker's Prometheus endpoint (GET /metrics on every interface); 0 disables it. Unset means
   * 9464, resolved by startWorker. A second process on one host cannot bind the same port: it logs a
   * warning and runs without the endpoint. @defaultValue 9464
   */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /** pino level. @defaultValue 'info' */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type WorkerConfig = z.infer<typeof WorkerConfigSchema>;
export type WorkerConfigInput = z.input<typeof WorkerConfigSchema>;

/** Parses the worker's settings from `env`; throws naming every bad or missing variable. */
export function loadWorkerConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  // Empty strings (e.g. `REDIS_URL=` in a compose file) mean "unset".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = WorkerConfigSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid worker configuration: ${problems}`);
  }
  return result.data;
}
