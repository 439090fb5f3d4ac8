import { ApiError } from './api-error.js';

/** What the API returns for a sweep (GET /v1/sweeps/:id). */
export interface SweepStatus {
  readonly id: string;
  readonly name: string;
  readonly status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  readonly counts: Readonly<
    Record<'total' | 'pending' | 'running' | 'done' | 'failed' | 'cancelled', number>
  >;
  readonly progress: number;
  readonly etaSeconds: number | null;
  readonly [field: string]: unknown;
}

/** A point as the API lists it. */
export interface ApiPoint {
  readonly id: string;
  readonly status: string;
  readonly gridIndex?: number;
  readonly config: {
    quant: Record<string, unknown>;
    hardware: Record<string, unknown>;
    simulation: Record<string, unknown>;
  };
  readonly metrics: Record<string, unknown> | null;
  readonly [field: string]: unknown;
}

export interface ClientOptions {
  /** e.g. http://127.0.0.1:3000 */
  readonly baseUrl: string;
  readonly apiKey: string;
}

const TERMINAL = new Set(['done', 'failed', 'cancelled']);

/** The swis-dse API over fetch: every non-2xx answer throws an ApiError carrying the JSON body. */
export class SwisClient {
  constructor(private readonly options: ClientOptions) {}

  /** Sends a request; returns the response for 2xx and 304, throws ApiError otherwise. */
  async request(
    method: string,
    path: string,
    init: { body?: unknown; form?: FormData; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      ...init.headers,
    };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    // A JSON body, or a multipart form (fetch sets its content type and boundary).
    const payload = init.form ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    const response = await fetch(new URL(path, this.options.baseUrl), {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    if (response.ok || response.status === 304) return response;
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    throw new ApiError(response.status, body);
  }

  async submitSweep(spec: unknown, idempotencyKey?: string): Promise<SweepStatus> {
    const headers = idempotencyKey === undefined ? undefined : { 'idempotency-key': idempotencyKey };
    return (
      await this.request('POST', '/v1/sweeps', { body: spec, ...(headers ? { headers } : {}) })
    ).json() as Promise<SweepStatus>;
  }

  /** The sweep's status; with the ETag of a previous answer, null when nothing changed (304). */
  async sweepStatus(id: string, etag?: string): Promise<{ status: SweepStatus | null; etag: string | null }> {
    const response = await this.request(
      'GET',
      `/v1/sweeps/${id}`,
      etag === undefined ? {} : { headers: { 'if-none-match': etag } },
    );
    const next = response.headers.get('etag');
    if (response.status === 304) return { status: null, etag: next ?? etag ?? null };
    return { status: (await response.json()) as SweepStatus, etag: next };
  }

  /** Polls the status (with ETags) until the sweep is done, failed or cancelled. */
  async waitForSweep(
    id: string,
    options: { intervalMs?: number; timeoutMs?: number; onProgress?: (status: SweepStatus) => void } = {},
  ): Promise<SweepStatus> {
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    let etag: string | undefined;
    let last: SweepStatus | undefined;
    for (;;) {
      const answer = await this.sweepStatus(id, etag);
      if (answer.status !== null) {
        last = answer.status;
        options.onProgress?.(last);
      }
      etag = answer.etag ?? undefined;
      if (last !== undefined && TERMINAL.has(last.status)) return last;
      if (Date.now() > deadline)
        throw new Error(`sweep ${id} did not finish in time (last: ${last?.status})`);
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
    }
  }

  /** Every point of the sweep, following nextCursor (query: sort, status, filter, variant, arch). */
  async allPoints(id: string, query: Record<string, string> = {}): Promise<ApiPoint[]> {
    const points: ApiPoint[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({ ...query, limit: '1000', ...(cursor === null ? {} : { cursor }) });
      const page = (await (await this.request('GET', `/v1/sweeps/${id}/points?${params}`)).json()) as {
        items: ApiPoint[];
        nextCursor: string | null;
      };
      points.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return points;
  }

  async pareto(id: string, objectives?: readonly string[]): Promise<ApiPoint[]> {
    const query = objectives === undefined ? '' : `?objectives=${encodeURIComponent(objectives.join(','))}`;
    return (
      (await (await this.request('GET', `/v1/sweeps/${id}/pareto${query}`)).json()) as { items: ApiPoint[] }
    ).items;
  }
}
