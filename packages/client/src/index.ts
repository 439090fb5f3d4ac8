export { ApiError } from './api-error.js';
export {
  type ApiPoint,
  type ClientOptions,
  type ParetoFront,
  type PointPage,
  type SweepPage,
  type SweepStatus,
  SwisClient,
} from './client.js';
export { ConnectionError } from './connection-error.js';
