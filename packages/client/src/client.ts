import { ApiError } from './api-error.js';
import { ConnectionError, connectionReason } from './connection-error.js';

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

/** A page of the team's sweeps (GET /v1/sweeps), newest first; items carry no spec. */
export interface SweepPage {
  readonly items: readonly SweepStatus[];
  readonly nextCursor: string | null;
}

/** A page of a sweep's points (GET /v1/sweeps/:id/points). */
export interface PointPage {
  readonly items: readonly ApiPoint[];
  readonly nextCursor: string | null;
}

/** The Pareto front (GET /v1/sweeps/:id/pareto): the objectives used, how many done points were considered. */
export interface ParetoFront {
  readonly objectives: readonly string[];
  readonly considered: number;
  readonly items: readonly ApiPoint[];
}

const TERMINAL = new Set(['done', 'failed', 'cancelled']);

const sweepPath = (id: string) => `/v1/sweeps/${encodeURIComponent(id)}`;

/** The swis-dse API over fetch: every non-2xx answer throws an ApiError carrying the JSON body. */
export class SwisClient {
  constructor(private readonly options: ClientOptions) {}

  /** The API's base URL, as given. */
  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /**
   * Sends a request; returns the response for 2xx and 304, throws ApiError otherwise.
   * @throws ConnectionError when no HTTP answer came (refused, reset, unknown host)
   */
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
    let response: Response;
    try {
      response = await fetch(new URL(path, this.options.baseUrl), {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
      });
    } catch (error) {
      // fetch rejects with a TypeError ("fetch failed") whose cause is the socket error.
      if (!(error instanceof TypeError)) throw error;
      throw new ConnectionError(this.options.baseUrl, connectionReason(error), { cause: error });
    }
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
      sweepPath(id),
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
    for await (const page of this.pointPages(id, query)) points.push(...page.items);
    return points;
  }

  /** The sweep's points one page (up to 1000) at a time, so a large sweep need not be held in memory. */
  async *pointPages(id: string, query: Record<string, string> = {}): AsyncGenerator<PointPage> {
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({ ...query, limit: '1000', ...(cursor === null ? {} : { cursor }) });
      const page = (await (
        await this.request('GET', `${sweepPath(id)}/points?${params}`)
      ).json()) as PointPage;
      yield page;
      cursor = page.nextCursor;
    } while (cursor !== null);
  }

  /**
   * Every matching point as CSV, streamed by the server (Accept: text/csv): the response body is the
   * header line then one CRLF-terminated line per point (query: sort, status, filter, variant, arch).
   */
  async exportCsv(id: string, query: Record<string, string> = {}): Promise<ReadableStream<Uint8Array>> {
    const params = new URLSearchParams(query);
    const suffix = params.toString() === '' ? '' : `?${params}`;
    const response = await this.request('GET', `${sweepPath(id)}/points${suffix}`, {
      headers: { accept: 'text/csv' },
    });
    if (response.body === null) throw new Error(`GET ${sweepPath(id)}/points answered no body`);
    return response.body;
  }

  /** One page of the team's sweeps, newest first (limit 1..100, default 20). */
  async listSweeps(query: { status?: string; limit?: number; cursor?: string } = {}): Promise<SweepPage> {
    const params = new URLSearchParams();
    if (query.status !== undefined) params.set('status', query.status);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.cursor !== undefined) params.set('cursor', query.cursor);
    const suffix = params.toString() === '' ? '' : `?${params}`;
    return (await this.request('GET', `/v1/sweeps${suffix}`)).json() as Promise<SweepPage>;
  }

  /** Cancels the sweep's pending and running points; ApiError 409 when it has already finished. */
  async cancelSweep(id: string): Promise<SweepStatus> {
    return (await this.request('POST', `${sweepPath(id)}/cancel`)).json() as Promise<SweepStatus>;
  }

  /** The Pareto front with the objectives it was computed over (default: the spec's). */
  async paretoFront(id: string, objectives?: readonly string[]): Promise<ParetoFront> {
    const query = objectives === undefined ? '' : `?objectives=${encodeURIComponent(objectives.join(','))}`;
    return (await this.request('GET', `${sweepPath(id)}/pareto${query}`)).json() as Promise<ParetoFront>;
  }

  /** The points of the Pareto front (see paretoFront for the objectives used). */
  async pareto(id: string, objectives?: readonly string[]): Promise<ApiPoint[]> {
    return [...(await this.paretoFront(id, objectives)).items];
  }
}
