export {
  BATCH_JOB_OPTIONS,
  BATCH_QUEUE_NAME,
  type BatchJob,
  BatchJobSchema,
  batchJobId,
} from './batch-job.js';
export { type QueueConfig, QueueConfigSchema, queueConfigFromEnv } from './config.js';
export { createSweepQueue, JOB_STATES, type JobState, type SweepQueue } from './sweep-queue.js';
export { createSweepWorker, type SweepWorker, type SweepWorkerOptions } from './sweep-worker.js';
