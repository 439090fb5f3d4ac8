// The public API as the dashboard uses it: every call carries the pasted key as a bearer token.

const KEY_ITEM = 'swis-dse.apiKey';

/** The API key, kept for this tab only (sessionStorage). */
export const keyStore = {
  get: () => sessionStorage.getItem(KEY_ITEM),
  set: (key) => sessionStorage.setItem(KEY_ITEM, key),
  clear: () => sessionStorage.removeItem(KEY_ITEM),
};

/** A non-2xx answer, with the API's message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * GET `path`. With `etag`, sends If-None-Match and answers `{ notModified: true }` on 304. `accept:
 * 'text/csv'` answers the body as a Blob.
 */
export async function apiGet(path, { etag, accept = 'application/json' } = {}) {
  const key = keyStore.get();
  if (!key) throw new ApiError(401, 'No API key: paste one above.');
  const headers = { Authorization: `Bearer ${key}`, Accept: accept };
  if (etag) headers['If-None-Match'] = etag;
  const response = await fetch(path, { headers, cache: 'no-store' });
  if (response.status === 304) return { notModified: true, etag };
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body.message) message = `${body.message} (${response.status})`;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, message);
  }
  const tag = response.headers.get('ETag');
  if (accept === 'text/csv') return { blob: await response.blob(), etag: tag };
  return { body: await response.json(), etag: tag };
}

/** Every point of a sweep matching `query` (walks the cursor, 1000 at a time). */
export async function allPoints(sweepId, query = '') {
  const items = [];
  let cursor = null;
  do {
    const page = `limit=1000${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const { body } = await apiGet(`/v1/sweeps/${encodeURIComponent(sweepId)}/points?${page}`);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}
