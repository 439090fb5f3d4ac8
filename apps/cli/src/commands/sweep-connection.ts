import { readFile } from 'node:fs/promises';
import { ApiError, ConnectionError, SwisClient } from '@swis-dse/client';
import { InputError } from '../input-error.js';
import { UsageError } from '../usage-error.js';

/** The server a `swis sweep` command talks to when neither --url nor SWIS_URL names one. */
export const DEFAULT_URL = 'http://127.0.0.1:3000';

/** Where the key came from, for the message when the server refuses it. */
export interface Connection {
  readonly client: SwisClient;
  readonly url: string;
  readonly keySource: string;
}

/**
 * The client for --url (else SWIS_URL, else DEFAULT_URL) with the key of SWIS_API_KEY or --key-file.
 * @throws UsageError naming --url / SWIS_URL or SWIS_API_KEY; InputError when the key file cannot be read
 */
export async function connect(flags: { url?: string; keyFile?: string }): Promise<Connection> {
  const url = serverUrl(flags.url);
  if (flags.keyFile !== undefined) {
    let text: string;
    try {
      text = await readFile(flags.keyFile, 'utf8');
    } catch (error) {
      throw new InputError(`--key-file ${flags.keyFile}: ${(error as Error).message}`);
    }
    const key = text.trim();
    if (key === '' || /\s/.test(key)) {
      throw new InputError(`--key-file ${flags.keyFile}: expected one API key on one line`);
    }
    return {
      client: new SwisClient({ baseUrl: url, apiKey: key }),
      url,
      keySource: `--key-file ${flags.keyFile}`,
    };
  }
  const key = process.env.SWIS_API_KEY?.trim();
  if (!key) {
    throw new UsageError(
      "SWIS_API_KEY is not set: export the team's API key (swis admin create-key) or give --key-file FILE",
    );
  }
  return { client: new SwisClient({ baseUrl: url, apiKey: key }), url, keySource: 'SWIS_API_KEY' };
}

function serverUrl(flag: string | undefined): string {
  const [name, text] =
    flag !== undefined
      ? ['--url', flag]
      : process.env.SWIS_URL
        ? ['SWIS_URL', process.env.SWIS_URL]
        : ['', DEFAULT_URL];
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${name}: expected an http(s) URL such as ${DEFAULT_URL}, got '${text}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${name}: expected an http(s) URL such as ${DEFAULT_URL}, got '${text}'`);
  }
  return url.origin;
}

/**
 * Turns what the client threw into an InputError (exit 1) with a message for a person: the server could
 * not be reached, the key was refused, no such sweep, or the API's message and its issues one per line.
 * Anything else is returned unchanged.
 */
export function explainApiError(error: unknown, connection: Connection, sweepId?: string): unknown {
  if (error instanceof ConnectionError) return new InputError(error.message);
  if (!(error instanceof ApiError)) return error;
  if (error.status === 401) return new InputError(`the API key was refused (${connection.keySource})`);
  if (error.status === 404 && sweepId !== undefined)
    return new InputError(`no sweep ${sweepId} for this key's team`);
  const body = (typeof error.body === 'object' && error.body !== null ? error.body : {}) as {
    code?: unknown;
    message?: unknown;
    issues?: unknown;
  };
  const code = typeof body.code === 'string' ? ` ${body.code}` : '';
  const issues = Array.isArray(body.issues) ? (body.issues as { path?: unknown; message?: unknown }[]) : [];
  // A validation message repeats the first issue; the issues alone, one per line, read better.
  const head =
    error.status === 400 && issues.length > 0
      ? `the server refused the request (HTTP ${error.status}${code}):`
      : `${typeof body.message === 'string' ? body.message : 'the server refused the request'} (HTTP ${error.status}${code})`;
  const lines = issues.map((issue) => `${String(issue.path ?? '') || '(body)'}: ${String(issue.message)}`);
  return new InputError([head, ...lines].join('\n'));
}
