/** A non-2xx answer of the API, with its JSON error body when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const message = (body as { message?: unknown } | null)?.message;
    super(`HTTP ${status}${typeof message === 'string' ? `: ${message}` : ''}`);
    this.name = 'ApiError';
  }
}
