export { type BuildAppOptions, buildApp } from './app.js';
export {
  type ApiConfig,
  type ApiConfigInput,
  ApiConfigSchema,
  JSON_BODY_LIMIT_BYTES,
  loadApiConfig,
} from './config.js';
export { API_ERROR_STATUS, type ApiErrorBody, type ApiErrorCode, type ApiIssue } from './errors.js';
export { createLogger } from './logger.js';
