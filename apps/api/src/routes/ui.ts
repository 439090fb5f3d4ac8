import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notModified } from '../etag.js';
import { UI_CSP } from '../security-headers.js';

/** The dashboard's static files: plain HTML, CSS and ES modules, no build step. */
const UI_DIR = fileURLToPath(new URL('../../ui/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface UiFile {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

/** Every servable file of `dir`, read once: the set is fixed, so a request can never name another path. */
function loadFiles(dir: string): Map<string, UiFile> {
  const files = new Map<string, UiFile>();
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[extname(name)];
    if (type === undefined) continue;
    const body = readFileSync(join(dir, name));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    files.set(name, { body, type, etag });
  }
  return files;
}

/**
 * GET /ui (the dashboard) and GET /ui/<file> (its assets), without authentication: the files hold no
 * data; the page calls /v1 with the key the user pastes. Every answer carries UI_CSP instead of the API's
 * `default-src 'none'`.
 */
export function uiRoutes(dir: string = UI_DIR) {
  return async (app: FastifyInstance) => {
    const files = loadFiles(dir);
    const send = (request: FastifyRequest, reply: FastifyReply, file: UiFile) => {
      reply.header('Content-Security-Policy', UI_CSP);
      if (notModified(request, reply, file.etag)) return reply.code(304).send();
      return reply.type(file.type).send(file.body);
    };
    const index = files.get('index.html');
    if (index === undefined) throw new Error(`no index.html in ${dir}`);
    app.get('/ui', { schema: { hide: true } }, (request, reply) => send(request, reply, index));
    app.get('/ui/', { schema: { hide: true } }, (request, reply) => send(request, reply, index));
    app.get<{ Params: { file: string } }>('/ui/:file', { schema: { hide: true } }, (request, reply) => {
      const file = files.get(request.params.file);
      if (file === undefined) return reply.callNotFound();
      return send(request, reply, file);
    });
  };
}
