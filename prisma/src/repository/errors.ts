/** An object that does not exist, or belongs to another team (the caller cannot tell which). */
export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(
    message: string,
    /** Where the missing object was named, e.g. ['team'] or ['params', 'id']. */
    readonly path: readonly (string | number)[] = [],
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** A write that contradicts what is stored (a taken name, an idempotency key reused with another body). */
export class ConflictError extends Error {
  readonly code = 'CONFLICT';
  constructor(
    message: string,
    readonly path: readonly (string | number)[] = [],
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** A page cursor that does not decode, or was issued for another sort order. */
export class BadCursorError extends Error {
  readonly code = 'BAD_CURSOR';
  constructor(message: string) {
    super(message);
    this.name = 'BadCursorError';
  }
}

/** PostgreSQL error codes (SQLSTATE classes 08 and 57P) and socket errors meaning "cannot reach the server". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'P1001',
  'P1002',
  'P1017',
  'P2024',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_MESSAGES =
  /ECONNREFUSED|ECONNRESET|Connection terminated|connection timeout|terminating connection|database system is (starting up|shutting down|in recovery)|Can't reach database server|DatabaseNotReachable|Client has encountered a connection error/i;

/**
 * True when `error` (or an error in its cause chain) says PostgreSQL cannot be reached right now, as
 * opposed to a bad query: the API answers 503 with Retry-After and workers retry.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    const kind = (e as { cause?: { kind?: unknown } }).cause?.kind;
    if (kind === 'DatabaseNotReachable' || kind === 'ConnectionClosed' || kind === 'SocketTimeout')
      return true;
    if (UNAVAILABLE_MESSAGES.test(e.message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
