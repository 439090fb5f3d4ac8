import { STATUS_CODES } from 'node:http';
import { BadCursorError, ConflictError, isDatabaseUnavailable, NotFoundError } from '@swis-dse/db';
import { ModelError } from '@swis-dse/models';
import { InvalidInputError } from '@swis-dse/swis-core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** Every error code the API itself answers with; a retired code is never reused. */
export const API_ERROR_STATUS = {
  SWIS_ERR_API_VALIDATION: 400,
  SWIS_ERR_API_BAD_REQUEST: 400,
  SWIS_ERR_API_BAD_CURSOR: 400,
  SWIS_ERR_API_UNAUTHORIZED: 401,
  SWIS_ERR_API_NOT_FOUND: 404,
  SWIS_ERR_API_CONFLICT: 409,
  SWIS_ERR_API_PAYLOAD_TOO_LARGE: 413,
  SWIS_ERR_API_UNSUPPORTED_MEDIA_TYPE: 415,
  SWIS_ERR_API_INTERNAL: 500,
  SWIS_ERR_API_UNAVAILABLE: 503,
} as const satisfies Record<`SWIS_ERR_API_${string}`, number>;
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** One problem with a request: the dotted path of the field or parameter, and what is wrong with it. */
export interface ApiIssue {
  readonly path: string;
  readonly message: string;
}

/** The JSON body of every error response. */
export interface ApiErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly code: string;
  readonly message: string;
  readonly issues: readonly ApiIssue[];
}

/** An error a route throws on purpose; its status follows from its code. */
export class ApiError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues: readonly ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = API_ERROR_STATUS[code];
  }
}

/** A 400 naming one field or parameter. */
export function invalidField(path: string, message: string): ApiError {
  return new ApiError('SWIS_ERR_API_VALIDATION', `${path}: ${message}`, [{ path, message }]);
}

/** The 404 for an object that does not exist or belongs to another team (indistinguishable on purpose). */
export function notFound(what: string, id: string): ApiError {
  return new ApiError('SWIS_ERR_API_NOT_FOUND', `${what} ${id} not found`);
}

function body(
  statusCode: number,
  code: string,
  message: string,
  issues: readonly ApiIssue[] = [],
): ApiErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message, issues };
}

const joinPath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/**
 * zod issues as ApiIssues; an unrecognized key is reported at its own path, and an issue with the whole
 * body, query or headers (an empty path) at `context` (body, querystring, params, headers).
 */
function validationIssues(
  validation: readonly { instancePath: string; message?: string; keyword: string; params: unknown }[],
  context: string,
): ApiIssue[] {
  return validation.flatMap((issue) => {
    const base = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean);
    const keys = (issue.params as { keys?: unknown }).keys;
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      return keys.map((key) => ({ path: joinPath([...base, String(key)]), message: 'is not a known field' }));
    }
    return [{ path: base.length === 0 ? context : joinPath(base), message: issue.message ?? 'is invalid' }];
  });
}

function describeIssues(context: string, issues: readonly ApiIssue[]): string {
  const list = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return `invalid ${context}: ${list}`;
}

interface ErrorResponse {
  readonly body: ApiErrorBody;
  /** Log the error at error level (unexpected, or the database is down). */
  readonly log?: string;
  readonly retryAfterSeconds?: number;
}

const respond = (statusCode: number, code: string, message: string, issues: readonly ApiIssue[] = []) => ({
  body: body(statusCode, code, message, issues),
});

/**
 * What to answer for `error`: validation -> 400 naming each path, NotFound -> 404, Conflict -> 409, too
 * large -> 413, database unreachable -> 503 with Retry-After, anything unexpected -> 500 with a fixed
 * message (the error goes to the log only).
 */
export function errorResponse(error: FastifyError): ErrorResponse {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'request';
    const issues = validationIssues(error.validation, context);
    return respond(400, 'SWIS_ERR_API_VALIDATION', describeIssues(context, issues), issues);
  }
  if (error instanceof ApiError) return respond(error.statusCode, error.code, error.message, error.issues);
  if (error instanceof InvalidInputError) {
    const issues = error.issues.map((i) => ({ path: joinPath(i.path), message: i.message }));
    return respond(400, error.code, error.message, issues);
  }
  if (error instanceof ModelError) {
    return respond(400, error.code, error.message, [{ path: 'file', message: error.message }]);
  }
  if (error instanceof NotFoundError) return respond(404, 'SWIS_ERR_API_NOT_FOUND', error.message);
  if (error instanceof ConflictError) {
    const issues = error.path.length > 0 ? [{ path: joinPath(error.path), message: error.message }] : [];
    return respond(409, 'SWIS_ERR_API_CONFLICT', error.message, issues);
  }
  if (error instanceof BadCursorError) {
    return respond(400, 'SWIS_ERR_API_BAD_CURSOR', error.message, [
      { path: 'cursor', message: error.message },
    ]);
  }
  if (isDatabaseUnavailable(error)) {
    return {
      ...respond(503, 'SWIS_ERR_API_UNAVAILABLE', 'the database is unavailable; retry shortly'),
      log: 'database unavailable',
      retryAfterSeconds: 5,
    };
  }
  const status = error.statusCode;
  if (status === 413) {
    return respond(413, 'SWIS_ERR_API_PAYLOAD_TOO_LARGE', `request body too large: ${error.message}`);
  }
  if (status === 415) return respond(415, 'SWIS_ERR_API_UNSUPPORTED_MEDIA_TYPE', error.message);
  // Fastify's own client errors (malformed JSON, empty body, bad content length, ...).
  if (status !== undefined && status >= 400 && status < 500) {
    return respond(status, 'SWIS_ERR_API_BAD_REQUEST', error.message);
  }
  return { ...respond(500, 'SWIS_ERR_API_INTERNAL', 'internal server error'), log: 'unhandled error' };
}

/** The app's one error handler: answers errorResponse(error) and logs what needs logging. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const response = errorResponse(error);
  if (response.log !== undefined) request.log.error({ err: error }, response.log);
  if (response.retryAfterSeconds !== undefined)
    reply.header('Retry-After', String(response.retryAfterSeconds));
  void reply.code(response.body.statusCode).type('application/json').send(response.body);
}

/** The JSON 404 of a route that does not exist. */
export function handleNotFound(request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .code(404)
    .send(
      body(404, 'SWIS_ERR_API_NOT_FOUND', `route ${request.method} ${request.url.split('?')[0]} not found`),
    );
}
