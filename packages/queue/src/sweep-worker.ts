import { openBackend } from './backend.js';
import { BATCH_QUEUE_NAME, type BatchJob, BatchJobSchema } from './batch-job.js';
import type { QueueConfig } from './config.js';

export interface SweepWorkerOptions {
  /** Batches this process evaluates at once. @defaultValue 1 */
  readonly concurrency?: number;
  /** Called when a job failed (it is retried until its attempts run out). */
  readonly onFailed?: (job: BatchJob | undefined, error: Error) => void;
  /** Called on connection errors, which BullMQ retries by itself. */
  readonly onError?: (error: Error) => void;
  /**
   * How long a running job's lock lasts without renewal (renewed every half of it while the process
   * lives). A process that dies holding a job has it taken back after at most this plus the stalled-check
   * interval (half of it). @defaultValue 15000
   */
  readonly lockMs?: number;
}

const DEFAULT_LOCK_MS = 15_000;
/** A job taken back from dead processes this many times is failed (then removed and re-enqueued by the reconciler). */
const MAX_STALLED_COUNT = 3;

/** The consumer side: runs `process` for every batch job; close() lets running jobs finish first. */
export interface SweepWorker {
  readonly kind: 'redis' | 'postgres';
  close(): Promise<void>;
}

export function createSweepWorker(
  config: QueueConfig,
  process: (job: BatchJob) => Promise<void>,
  options: SweepWorkerOptions = {},
): SweepWorker {
  const backend = openBackend(config);
  const worker = backend.newWorker(BATCH_QUEUE_NAME, async (job) => process(BatchJobSchema.parse(job.data)), {
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockMs ?? DEFAULT_LOCK_MS,
    stalledInterval: Math.ceil((options.lockMs ?? DEFAULT_LOCK_MS) / 2),
    maxStalledCount: MAX_STALLED_COUNT,
  });
  worker.on('failed', (job, error) => {
    const parsed = BatchJobSchema.safeParse(job?.data);
    options.onFailed?.(parsed.success ? parsed.data : undefined, error);
  });
  // Without a listener, an 'error' event (a lost connection, which BullMQ retries) crashes the process.
  worker.on('error', (error) => options.onError?.(error));
  return {
    kind: backend.kind,
    async close() {
      await worker.close();
      await backend.close();
    },
  };
}
