import { z } from 'zod';

/** The one queue of the service: each job evaluates one batch of a sweep's points. */
export const BATCH_QUEUE_NAME = 'swis-batches';

/** A job names its batch only; the points and their state live in PostgreSQL. */
export const BatchJobSchema = z.strictObject({
  sweepId: z.uuid(),
  batchKey: z.string().regex(/^[0-9a-f]{16}\.\d+$/),
});
export type BatchJob = z.infer<typeof BatchJobSchema>;

/** The job id, so enqueueing a batch that is already waiting or running adds nothing. */
export function batchJobId({ sweepId, batchKey }: BatchJob): string {
  return `${sweepId}.${batchKey}`;
}

/**
 * Retries cover infrastructure failures (a point that cannot be evaluated is stored as failed, not
 * thrown). Finished and failed jobs are removed, so the reconciler can enqueue a batch again whenever
 * PostgreSQL says it is unfinished.
 */
export const BATCH_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: true,
} as const;
