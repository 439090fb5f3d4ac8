/** The API could not be reached at all (refused, reset, unknown host, TLS): no HTTP answer to report. */
export class ConnectionError extends Error {
  constructor(
    readonly baseUrl: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot reach ${baseUrl}: ${reason}`, options);
    this.name = 'ConnectionError';
  }
}

/** The most specific reason undici gives for a failed fetch (`connect ECONNREFUSED 127.0.0.1:3000`). */
export function connectionReason(error: Error): string {
  const cause = error.cause as { message?: unknown; code?: unknown; errors?: unknown } | undefined;
  if (cause === undefined || cause === null) return error.message;
  // localhost may resolve to several addresses: undici then throws an AggregateError with an empty message.
  const inner = Array.isArray(cause.errors)
    ? (cause.errors[0] as { message?: unknown } | undefined)
    : undefined;
  for (const text of [cause.message, inner?.message, cause.code]) {
    if (typeof text === 'string' && text !== '') return text;
  }
  return error.message;
}
