import { pino } from 'pino';
import type { ApiConfig } from './config.js';

/** Log paths whose values never reach the log: credentials in headers and bodies. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'authorization',
  'apiKey',
  'key',
  '*.apiKey',
  '*.key',
];

/** The API's pino logger at the configured level, with credentials redacted. */
export function createLogger(config: Pick<ApiConfig, 'LOG_LEVEL'>) {
  return pino({ level: config.LOG_LEVEL, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
