export {
  type BatchToRun,
  claimBatch,
  type PointResult,
  recordResults,
  unfinishedBatches,
} from './batches.js';
export { isUuid } from './cursor.js';
export { BadCursorError, ConflictError, isDatabaseUnavailable, NotFoundError } from './errors.js';
export { METRIC_COLUMNS } from './metric-columns.js';
export {
  getModel,
  getModelBytes,
  listModels,
  type ModelRecord,
  modelHashOf,
  type NewModel,
  saveModel,
} from './models.js';
export {
  getPoint,
  listPoints,
  type PointFilter,
  type PointQuery,
  type PointRecord,
  type PointSort,
  type PointStatusName,
  paretoPoints,
} from './points.js';
export { type CachedResult, getCachedResults, putCachedResults } from './result-cache.js';
export type { SweepCounts, SweepRecord, SweepStatusName } from './sweep-record.js';
export { cancelSweep, createSweep, getSweep, listSweeps, type NewPoint, type NewSweep } from './sweeps.js';
export { authenticate, createApiKey, createTeam, hashApiKey, revokeApiKey } from './teams.js';
