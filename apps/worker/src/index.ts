export { loadWorkerConfig, type WorkerConfig, type WorkerConfigInput, WorkerConfigSchema } from './config.js';
export {
  createNetworkSource,
  type LoadedNetwork,
  type NetworkSource,
  type NetworkSourceOptions,
} from './network-source.js';
export {
  type BatchDeps,
  type BatchJob,
  type BatchOutcome,
  processBatch,
  resultKey,
} from './process-batch.js';
export {
  createQuantizationCache,
  type QuantizationCache,
  type QuantizationEntry,
  quantizationBytes,
} from './quantization-cache.js';
export {
  RECONCILER_LOCK_KEY,
  type Reconciler,
  type ReconcilerOptions,
  startReconciler,
} from './reconciler.js';
export { queueConfigOf, type RunningWorker, type StartWorkerOptions, startWorker } from './worker.js';
