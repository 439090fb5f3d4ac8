import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { responseProblems, type SentRequest } from './response-invariants.js';

/** A request to inject plus what it holds, for checking the paths of the answer's issues. */
export interface FuzzRequest extends Omit<SentRequest, 'method' | 'url' | 'headers'> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string | string[]>>;
  /** Sent as is (a string or bytes) instead of JSON-encoding `body`, which is then its parse (if any). */
  readonly payload?: string | Buffer;
}

/** Thrown for a broken invariant; fast-check reports it with the case and the seed to replay it. */
export class InvariantError extends Error {
  override name = 'InvariantError';
}

function roundTrip(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 400 ? `${text.slice(0, 400)}...` : text;
}

/** Injects `request` and throws InvariantError when the answer breaks responseProblems' invariants. */
export async function checkedInject(
  app: FastifyInstance,
  request: FuzzRequest,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string | string[]> = { ...request.headers };
  if (request.payload === undefined && request.body !== undefined && !('content-type' in headers)) {
    headers['content-type'] = 'application/json';
  }
  const options: InjectOptions = { method: request.method, url: request.url, headers };
  if (request.payload !== undefined) options.payload = request.payload;
  else if (request.body !== undefined) options.payload = JSON.stringify(request.body);
  const res = await app.inject(options);
  // The body as the server parses it (JSON drops undefined, turns -0 into 0, ...); with a raw payload,
  // `body` is already its parse.
  const body = request.payload !== undefined ? request.body : roundTrip(request.body);
  const bodySent = options.payload !== undefined;
  const problems = responseProblems(res, { ...request, body, bodySent, headers: Object.keys(headers) });
  if (problems.length > 0) {
    const sent = request.payload !== undefined ? request.payload : request.body;
    throw new InvariantError(
      `${request.method} ${preview(request.url)} -> ${res.statusCode}\n  ${problems.join('\n  ')}\n` +
        `  headers: ${preview(headers)}\n  body: ${preview(sent)}\n  answer: ${res.body.slice(0, 600)}`,
    );
  }
  return res;
}
