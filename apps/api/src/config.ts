import { z } from 'zod';

const MIB = 1024 * 1024;

/** The API's environment, parsed once at start. */
export const ApiConfigSchema = z.object({
  /** TCP port. @defaultValue 3000 */
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** Interface to listen on. @defaultValue '127.0.0.1' */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** PostgreSQL connection string (the source of truth). */
  DATABASE_URL: z.string().min(1, 'is required: a postgresql:// URL'),
  /** Redis for the work queue; without it the queue lives in PostgreSQL. */
  REDIS_URL: z.string().min(1).optional(),
  /** Queue key prefix (Redis) or schema (PostgreSQL backend). */
  QUEUE_PREFIX: z.string().min(1).optional(),
  /** Largest model upload, in bytes. @defaultValue 64 MiB */
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(64 * MIB),
  /**
   * How long a sweep's status may be served from memory, in ms: polling dashboards then cost one
   * database read per sweep per period, whatever their number. 0 reads every time. @defaultValue 250
   */
  STATUS_CACHE_MS: z.coerce.number().int().min(0).max(10_000).default(250),
  /**
   * How long an API key's team is remembered, in ms; a revoked key stops working within this time.
   * 0 checks every request. @defaultValue 2000
   */
  AUTH_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /**
   * Requests one API key may make per RATE_LIMIT_WINDOW_MS (requests without a key: per client IP);
   * beyond it the API answers 429 with Retry-After. Counted in memory by each API process. 0 disables
   * the limit. @defaultValue 1200 (20 requests/s: twenty dashboards polling once a second on one key)
   */
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(1200),
  /** The rate limit's fixed window, in ms. @defaultValue 60000 */
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** pino level. @defaultValue 'info' */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type ApiConfig = z.infer<typeof ApiConfigSchema>;
export type ApiConfigInput = z.input<typeof ApiConfigSchema>;

/** Largest JSON request body, in bytes. */
export const JSON_BODY_LIMIT_BYTES = MIB;

/** Parses the API's settings from `env`; throws naming every bad or missing variable. */
export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  // Empty strings (e.g. `REDIS_URL=` in a compose file) mean "unset".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = ApiConfigSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid API configuration: ${problems}`);
  }
  return result.data;
}
