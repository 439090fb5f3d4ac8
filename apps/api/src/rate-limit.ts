import { STATUS_CODES } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import { hashApiKey } from '@swis-dse/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from './auth.js';
import type { ApiConfig } from './config.js';
import type { ApiErrorBody } from './errors.js';

/** The code of a 429 (also listed in docs/errors.md). */
export const RATE_LIMITED_CODE = 'SWIS_ERR_API_RATE_LIMITED';

/** Routes never limited: probes must answer whatever a client does. */
const EXEMPT_ROUTES = new Set(['/healthz', '/readyz']);

/** Counters kept at most (least recently used are dropped first): bounds the memory random keys can take. */
const MAX_COUNTERS = 20_000;

// Only a token of this shape can be a key (see createApiKey); anything else is counted by client IP.
const KEY_SHAPE = /^swis_[A-Za-z0-9_-]{43}$/;

const isV1 = (url: string): boolean => url === '/v1' || url.startsWith('/v1/') || url.startsWith('/v1?');

/**
 * What a request is counted under: `key:<sha256 of the key>` for a /v1 request that presents a
 * key-shaped bearer token (valid or not: counting happens before the key is looked up), else
 * `ip:<client address>`.
 */
export function rateLimitKey(request: FastifyRequest): string {
  if (isV1(request.url)) {
    const token = bearerToken(request.headers.authorization);
    if (token !== null && KEY_SHAPE.test(token)) return `key:${hashApiKey(token)}`;
  }
  return `ip:${request.ip}`;
}

/**
 * Limits every route but /healthz and /readyz to RATE_LIMIT_MAX requests per RATE_LIMIT_WINDOW_MS per
 * rateLimitKey, before authentication and before the body is read. Every counted response carries
 * RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (seconds); beyond the limit the answer is 429
 * with Retry-After and the API's error body. Counters live in this process's memory. RATE_LIMIT_MAX 0
 * registers nothing.
 */
export function registerRateLimit(
  app: FastifyInstance,
  config: Pick<ApiConfig, 'RATE_LIMIT_MAX' | 'RATE_LIMIT_WINDOW_MS'>,
): void {
  if (config.RATE_LIMIT_MAX === 0) return;
  void app.register(rateLimit, {
    global: false,
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    cache: MAX_COUNTERS,
  });
  app.after(() => {
    const count = app.createRateLimit({ keyGenerator: rateLimitKey });
    app.addHook('onRequest', async (request, reply) => {
      const route = request.routeOptions.url;
      if (route !== undefined && EXEMPT_ROUTES.has(route)) return;
      const state = await count(request);
      if (state.isAllowed) return;
      void reply.header('RateLimit-Limit', state.max);
      void reply.header('RateLimit-Remaining', state.remaining);
      void reply.header('RateLimit-Reset', state.ttlInSeconds);
      if (!state.isExceeded) return;
      request.log.info({ limit: state.max, windowMs: state.timeWindow }, 'rate limited');
      const seconds = state.ttlInSeconds;
      const body: ApiErrorBody = {
        statusCode: 429,
        error: STATUS_CODES[429] ?? 'Too Many Requests',
        code: RATE_LIMITED_CODE,
        message: `more than ${state.max} requests in ${Math.round(state.timeWindow / 1000)} s for this ${
          state.key.startsWith('key:') ? 'API key' : 'client address'
        }; retry after ${seconds} s`,
        issues: [],
      };
      return reply.code(429).header('Retry-After', seconds).type('application/json').send(body);
    });
  });
}
