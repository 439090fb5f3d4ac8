import { type DestinationStream, pino } from 'pino';
import type { ApiConfig } from './config.js';

/** Log paths whose values never reach the log: credentials in headers and bodies. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers["proxy-authorization"]',
  'headers["x-api-key"]',
  'headers.cookie',
  'authorization',
  'apiKey',
  'key',
  '*.apiKey',
  '*.key',
];

/** Query parameters whose values are credentials (never accepted; dropped from logged URLs). */
export const SECRET_QUERY_NAME =
  /^(api[_-]?key|access[_-]?token|token|key|secret|password|auth(orization)?)$/i;

// A key pasted anywhere in a URL (path or query): `swis_` and its base64url secret.
const KEY_IN_TEXT = /swis_[A-Za-z0-9_-]{8,}/g;

/** `url` with the values of credential-named query parameters and anything shaped like an API key replaced. */
export function redactUrl(url: string): string {
  const scrubbed = url.replace(KEY_IN_TEXT, 'swis_[redacted]');
  const q = scrubbed.indexOf('?');
  if (q === -1) return scrubbed;
  const query = scrubbed
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // an undecodable name is kept as sent
      }
      return eq !== -1 && SECRET_QUERY_NAME.test(name) ? `${rawName}=[redacted]` : pair;
    })
    .join('&');
  return `${scrubbed.slice(0, q)}?${query}`;
}

interface LoggedRequest {
  readonly method?: string;
  readonly url?: string;
  readonly host?: string;
  readonly ip?: string;
  readonly socket?: { readonly remotePort?: number };
}

/** What a request contributes to a log line: Fastify's fields, with the URL redacted and no headers. */
function serializeRequest(req: LoggedRequest) {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * The API's pino logger at the configured level: credentials redacted from headers and bodies, and
 * logged URLs stripped of credential-named query values and key-shaped text. `destination` defaults to
 * stdout (tests pass an in-memory stream).
 */
export function createLogger(config: Pick<ApiConfig, 'LOG_LEVEL'>, destination?: DestinationStream) {
  const options = {
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest, err: pino.stdSerializers.err },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
