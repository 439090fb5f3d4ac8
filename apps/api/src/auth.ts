import { authenticate, type Db, hashApiKey } from '@swis-dse/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
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

/** The authenticated caller of a /v1 request (the hook has run, so it is set). */
export function callerOf(request: FastifyRequest): Caller {
  if (request.caller === null) throw new ApiError('SWIS_ERR_API_UNAUTHORIZED', 'not authenticated');
  return request.caller;
}

/**
 * Requires `Authorization: Bearer <key>` on every route of `scope`: the key's team becomes
 * `request.caller`; a missing, unknown or revoked key answers 401 before the body is read. Answers are
 * remembered for AUTH_CACHE_MS, so a revoked key stops working within that time.
 */
export function requireApiKey(scope: FastifyInstance, db: Db, callers: TtlCache<Caller | null>): void {
  scope.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    const match = header === undefined ? null : BEARER.exec(header);
    if (match === null) {
      reply.header('WWW-Authenticate', 'Bearer');
      throw new ApiError('SWIS_ERR_API_UNAUTHORIZED', 'missing Authorization: Bearer <api key> header');
    }
    const key = match[1]!;
    const caller = await callers.get(hashApiKey(key), () => authenticate(db, key));
    if (caller === null) {
      reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new ApiError('SWIS_ERR_API_UNAUTHORIZED', 'unknown or revoked API key');
    }
    request.caller = caller;
  });
}
