import type { LightMyRequestResponse } from 'fastify';

/** What a fuzzed request held, so that the paths of a 400's issues can be checked against it. */
export interface SentRequest {
  readonly method: string;
  readonly url: string;
  /** The JSON body as sent (undefined when none, or when it was not valid JSON). */
  readonly body?: unknown;
  /** True when a body was sent, even one that is not JSON. */
  readonly bodySent?: boolean;
  /** Query parameters as sent: one string or the repeated values. */
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  /** Names of the route's path parameters. */
  readonly params?: readonly string[];
  /** Header names sent (any case). */
  readonly headers?: readonly string[];
  /**
   * Paths that may name something the request lacks because the route needs it (e.g. `inputSize` for a
   * file that does not declare its input size), or the upload itself (`file`).
   */
  readonly extraPaths?: readonly string[];
}

const CODE = /^SWIS_ERR_[A-Z0-9_]+$/;
/** 400s that are not about one field: unreadable bodies (malformed JSON, empty body, bad length). */
const FIELDLESS_400 = new Set(['SWIS_ERR_API_BAD_REQUEST']);

/**
 * Checks the invariants every fuzzed answer must keep and returns the problems (empty when none):
 * status < 500; every 4xx has the API error body with statusCode equal to the status; a 400 caused by
 * a field lists issues, each naming something in the request.
 */
export function responseProblems(res: LightMyRequestResponse, sent: SentRequest): string[] {
  const status = res.statusCode;
  if (status >= 500) return [`answered ${status}: ${res.body.slice(0, 500)}`];
  if (status < 400) return [];
  const problems: string[] = [];
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) problems.push(`a ${status} with content-type '${type}'`);
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return [...problems, `a ${status} whose body is not JSON: ${res.body.slice(0, 200)}`];
  }
  const b = body as Record<string, unknown>;
  if (b === null || typeof b !== 'object') return [...problems, `a ${status} whose body is not an object`];
  if (b.statusCode !== status) problems.push(`body statusCode ${String(b.statusCode)} for a ${status}`);
  if (typeof b.error !== 'string' || b.error === '') problems.push('body has no error text');
  if (typeof b.code !== 'string' || !CODE.test(b.code)) problems.push(`body code ${String(b.code)}`);
  if (typeof b.message !== 'string' || b.message === '') problems.push('body has no message');
  if (!Array.isArray(b.issues)) return [...problems, 'body has no issues array'];
  for (const issue of b.issues as unknown[]) {
    const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
    if (typeof path !== 'string' || typeof message !== 'string' || message === '') {
      problems.push(`malformed issue ${JSON.stringify(issue)}`);
    }
  }
  if (problems.length > 0 || status !== 400 || FIELDLESS_400.has(b.code as string)) return problems;
  const issues = b.issues as { path: string; message: string }[];
  if (issues.length === 0) problems.push(`a 400 ${String(b.code)} without issues: ${String(b.message)}`);
  for (const { path } of issues) {
    if (!namesSomethingSent(path, sent)) {
      problems.push(`issue path '${path}' names nothing in the request (${String(b.message).slice(0, 300)})`);
    }
  }
  return problems;
}

/** True when `path` is a body path, a query parameter (with a valid index), a path parameter or a header. */
export function namesSomethingSent(path: string, sent: SentRequest): boolean {
  if (sent.extraPaths?.includes(path)) return true;
  if (sent.headers?.some((h) => h.toLowerCase() === path.toLowerCase())) return true;
  if (sent.params?.includes(path)) return true;
  if (sent.query !== undefined && queryPathExists(path, sent.query)) return true;
  // `body` is where an issue with the body as a whole (not an object, ...) is reported.
  if (sent.body !== undefined && (path === 'body' || bodyPathExists(sent.body, path))) return true;
  if (sent.body === undefined && sent.bodySent && path === 'body') return true;
  return false;
}

/** `name` or `name.i` with i an index into the parameter's values after splitting on commas. */
function queryPathExists(path: string, query: Readonly<Record<string, string | readonly string[]>>): boolean {
  for (const [name, raw] of Object.entries(query)) {
    if (path === name) return true;
    if (!path.startsWith(`${name}.`)) continue;
    const index = Number(path.slice(name.length + 1));
    // Positions after splitting on commas, empty items included (some lists keep them to name them).
    const values = (typeof raw === 'string' ? [raw] : raw).flatMap((v) => v.split(','));
    if (Number.isInteger(index) && index >= 0 && index < values.length) return true;
  }
  return false;
}

/**
 * True when the dotted `path` resolves in `node`, keys with dots included, or names one missing key of an
 * object that does exist (a required field the request left out).
 */
export function bodyPathExists(node: unknown, path: string): boolean {
  if (Array.isArray(node)) {
    const dot = path.indexOf('.');
    const head = dot < 0 ? path : path.slice(0, dot);
    const index = Number(head);
    if (!/^\d+$/.test(head) || index >= node.length) return false;
    return dot < 0 || bodyPathExists(node[index], path.slice(dot + 1));
  }
  if (node === null || typeof node !== 'object') return false;
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (path === key) return true;
    if (path.startsWith(`${key}.`) && bodyPathExists(record[key], path.slice(key.length + 1))) return true;
  }
  // A missing required key: schema keys never hold dots.
  return path !== '' && !path.includes('.') && !Object.hasOwn(record, path);
}
