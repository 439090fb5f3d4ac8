export { ApiError } from './api-error.js';
export { type ApiPoint, type ClientOptions, type SweepStatus, SwisClient } from './client.js';
