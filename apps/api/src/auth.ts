import { authenticate, type Db, hashApiKey } from '@swis-dse/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, invalidField } from './errors.js';
import { SECRET_QUERY_NAME } from './logger.js';
import type { TtlCache } from './ttl-cache.js';

/** The caller of an authenticated request. */
export interface Caller {
  readonly teamId: string;
  readonly teamName: string;
  readonly keyPrefix: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every /v1 route. */
    caller: Caller | null;
  }
}

const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

/** The token of an `Authorization: Bearer <token>` header, or null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  return header === undefined ? null : (BEARER.exec(header)?.[1] ?? null);
}

/** The authenticated caller of a /v1 request (the hook has run, so it is set). */
export function callerOf(request: FastifyRequest): Caller {
  if (request.caller === null) throw new ApiError('SWIS_ERR_API_UNAUTHORIZED', 'not authenticated');
  return request.caller;
}

/**
 * Requires `Authorization: Bearer <key>` on every route of `scope`: the key's team becomes
 * `request.caller`; a missing, unknown or revoked key answers 401 before the body is read, a credential in
 * the query string (`?api_key=`, `?token=`, ...) 400 whatever the header. Answers are
 * remembered for AUTH_CACHE_MS, so a revoked key stops working within that time.
 */
export function requireApiKey(scope: FastifyInstance, db: Db, callers: TtlCache<Caller | null>): void {
  scope.addHook('onRequest', async (request, reply) => {
    const inQuery = Object.keys(request.query ?? {}).find((name) => SECRET_QUERY_NAME.test(name));
    if (inQuery !== undefined) {
      // A key in a URL ends up in proxy logs and browser history: refuse it even beside a good header.
      throw invalidField(
        inQuery,
        'API keys are accepted only in the Authorization: Bearer header, never in the URL; revoke a key sent this way',
      );
    }
    const key = bearerToken(request.headers.authorization);
    if (key === null) {
      reply.header('WWW-Authenticate', 'Bearer');
      throw new ApiError('SWIS_ERR_API_UNAUTHORIZED', 'missing Authorization: Bearer <api key> header');
    }
    const caller = await callers.get(hashApiKey(key), () => authenticate(db, key));
    if (caller === null) {
      reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new ApiError('SWIS_ERR_API_UNAUTHORIZED', 'unknown or revoked API key');
    }
    request.caller = caller;
  });
}
