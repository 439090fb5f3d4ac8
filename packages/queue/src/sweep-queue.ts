import { openBackend } from './backend.js';
import {
  BATCH_JOB_OPTIONS,
  BATCH_QUEUE_NAME,
  type BatchJob,
  BatchJobSchema,
  batchJobId,
} from './batch-job.js';
import type { QueueConfig } from './config.js';

/** The states a job can be in, as counts() reports them. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** The producer side: what the API and the reconciler do with the queue. */
export interface SweepQueue {
  readonly kind: 'redis' | 'postgres';
  /** Adds the batches; one already waiting or running is not added twice. */
  enqueue(jobs: readonly BatchJob[]): Promise<void>;
  /** Removes the batches' waiting jobs (running ones finish; their points were cancelled). */
  remove(jobs: readonly BatchJob[]): Promise<void>;
  counts(): Promise<Record<JobState, number>>;
  /** Deletes every job and key of this namespace (test teardown, decommissioning). */
  obliterate(): Promise<void>;
  /** Throws when the backend cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Jobs per addBulk call. */
const ADD_CHUNK = 500;

export function createSweepQueue(config: QueueConfig): SweepQueue {
  const backend = openBackend(config);
  const queue = backend.newQueue(BATCH_QUEUE_NAME);
  return {
    kind: backend.kind,
    async enqueue(jobs) {
      for (const job of jobs) BatchJobSchema.parse(job);
      for (let i = 0; i < jobs.length; i += ADD_CHUNK) {
        await queue.addBulk(
          jobs.slice(i, i + ADD_CHUNK).map((data) => ({
            name: 'batch',
            data: { sweepId: data.sweepId, batchKey: data.batchKey },
            opts: { ...BATCH_JOB_OPTIONS, jobId: batchJobId(data) },
          })),
        );
      }
    },
    async remove(jobs) {
      for (const job of jobs) {
        // A locked (running) job cannot be removed; it finds its points cancelled.
        await queue.remove(batchJobId(job)).catch(() => 0);
      }
    },
    async counts() {
      const counts = await queue.getJobCounts(...JOB_STATES);
      return counts as Record<JobState, number>;
    },
    async obliterate() {
      await queue.obliterate({ force: true });
    },
    async ping() {
      await queue.getJobCounts('waiting');
    },
    async close() {
      await queue.close();
      await backend.close();
    },
  };
}
