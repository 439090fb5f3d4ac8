import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { revokeApiKey } from '@swis-dse/db';
import type { FastifyBaseLogger, FastifyInstance, InjectOptions } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../src/app.js';
import { type ApiConfigInput, ApiConfigSchema } from '../src/config.js';
import { createLogger, redactUrl } from '../src/logger.js';
import { DOCS_CSP } from '../src/security-headers.js';
import { ISSUE_SPEC } from './support/fixtures.js';
import { npyBytes } from './support/npy.js';
import { startTestContext, type TestContext } from './support/test-app.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await startTestContext();
});

afterAll(async () => {
  await ctx?.close();
});

/** Another app over the context's database and queue, with its own settings (and caches, and counters). */
async function appWith(
  config: Partial<ApiConfigInput>,
  logger: FastifyBaseLogger = pino({ level: 'silent' }),
): Promise<FastifyInstance> {
  const app = buildApp({
    db: ctx.db,
    queue: ctx.queue,
    config: ApiConfigSchema.parse({ DATABASE_URL: ctx.scratch.url, ...config }),
    logger,
  });
  await app.ready();
  onTestFinished(() => app.close());
  return app;
}

/** A JSON body of `bytes` bytes sent chunked, without Content-Length. */
function chunkedJson(bytes: number): Readable {
  const chunk = 64 * 1024;
  let sent = 0;
  return new Readable({
    read() {
      if (sent === 0) {
        sent = 1;
        this.push('{"name": "');
        return;
      }
      if (sent >= bytes) {
        this.push('"}');
        this.push(null);
        return;
      }
      this.push('x'.repeat(chunk));
      sent += chunk;
    },
  });
}

describe('rate limiting', () => {
  it('allows RATE_LIMIT_MAX requests per window per key, then answers 429 with Retry-After', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: 3 });
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ url: '/v1/sweeps', headers: ctx.alpha.auth });
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-limit']).toBe('3');
      expect(res.headers['ratelimit-remaining']).toBe(String(2 - i));
    }
    const limited = await app.inject({ url: '/v1/sweeps', headers: ctx.alpha.auth });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/json/);
    expect(limited.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'SWIS_ERR_API_RATE_LIMITED',
      message: expect.stringContaining('API key'),
      issues: [],
    });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    expect(limited.headers['ratelimit-reset']).toBe(String(retryAfter));
    // Another key has its own counter; the same key stays limited on every route, before the body.
    expect((await app.inject({ url: '/v1/sweeps', headers: ctx.beta.auth })).statusCode).toBe(200);
    const post = await app.inject({
      method: 'POST',
      url: '/v1/sweeps',
      headers: ctx.alpha.auth,
      payload: ISSUE_SPEC,
    });
    expect(post.statusCode).toBe(429);
    expect(await ctx.db.sweep.count({ where: { teamId: ctx.alpha.id } })).toBe(0);
  });

  it('counts a wrong key under that key, and requests without one under the client address', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: 2 });
    const wrong = { authorization: `Bearer swis_${'A'.repeat(43)}` };
    for (let i = 0; i < 2; i++)
      expect((await app.inject({ url: '/v1/sweeps', headers: wrong })).statusCode).toBe(401);
    expect((await app.inject({ url: '/v1/sweeps', headers: wrong })).statusCode).toBe(429);
    expect((await app.inject({ url: '/v1/sweeps', headers: ctx.alpha.auth })).statusCode).toBe(200);

    const from = (remoteAddress: string, url = '/nope') => app.inject({ url, remoteAddress });
    expect((await from('10.0.0.1')).statusCode).toBe(404);
    expect((await from('10.0.0.1', '/docs/json')).statusCode).toBe(200);
    const limited = await from('10.0.0.1', '/v1/sweeps');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toContain('client address');
    expect((await from('10.0.0.2')).statusCode).toBe(404);
  });

  it('never limits /healthz and /readyz', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: 1 });
    for (let i = 0; i < 5; i++) {
      for (const url of ['/healthz', '/readyz']) {
        const res = await app.inject({ url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['ratelimit-limit']).toBeUndefined();
      }
    }
  });

  it('starts a new window after RATE_LIMIT_WINDOW_MS', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: 1, RATE_LIMIT_WINDOW_MS: 1000 });
    expect((await app.inject({ url: '/v1/sweeps', headers: ctx.alpha.auth })).statusCode).toBe(200);
    const limited = await app.inject({ url: '/v1/sweeps', headers: ctx.alpha.auth });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await app.inject({ url: '/v1/sweeps', headers: ctx.alpha.auth })).statusCode).toBe(200);
  });

  it('is off with RATE_LIMIT_MAX=0 and on at 1200 per minute by default', async () => {
    const off = await appWith({ RATE_LIMIT_MAX: 0 });
    for (let i = 0; i < 20; i++) {
      const res = await off.inject({ url: '/v1/sweeps', headers: ctx.alpha.auth });
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-limit']).toBeUndefined();
    }
    const res = await ctx.app.inject({ url: '/v1/sweeps', headers: ctx.alpha.auth });
    expect(res.headers['ratelimit-limit']).toBe('1200');
  });
});

describe('body size limits', () => {
  it('answers 413 JSON for a JSON body over 1 MiB sent chunked, without Content-Length', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/sweeps',
      headers: { ...ctx.alpha.auth, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      payload: chunkedJson(2 * 1024 * 1024),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ statusCode: 413, code: 'SWIS_ERR_API_PAYLOAD_TOO_LARGE', issues: [] });
  });

  it('answers 413 for an upload over MAX_UPLOAD_BYTES sent chunked', async () => {
    const app = await appWith({ MAX_UPLOAD_BYTES: 4096 });
    const bytes = Buffer.from(npyBytes([64, 64]));
    const res = await app.inject({
      method: 'POST',
      url: '/v1/models?name=big.npy&inputSize=8,8',
      headers: {
        ...ctx.alpha.auth,
        'content-type': 'application/octet-stream',
        'transfer-encoding': 'chunked',
      },
      payload: Readable.from([bytes.subarray(0, 4000), bytes.subarray(4000)]),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('SWIS_ERR_API_PAYLOAD_TOO_LARGE');
  });
});

describe('security headers', () => {
  const API_CSP = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";

  it('sends the API headers on answers, errors and 429s, without HSTS, X-Powered-By or CORS', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: 1 });
    const answers = [
      await app.inject({ url: '/v1/sweeps', headers: ctx.alpha.auth }),
      await app.inject({ url: '/v1/sweeps', headers: ctx.alpha.auth }),
      await app.inject({ url: '/v1/sweeps', headers: ctx.beta.auth, query: { api_key: 'x' } }),
      await app.inject({ url: '/healthz' }),
      await app.inject({ url: '/nope', remoteAddress: '10.1.1.1' }),
      await app.inject({ url: '/v1/sweeps', remoteAddress: '10.1.1.2' }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 429, 400, 200, 404, 401]);
    for (const res of answers) {
      expect(res.headers['content-security-policy']).toBe(API_CSP);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('answers a CORS preflight without allowing the origin (CORS is not enabled)', async () => {
    const res = await ctx.app.inject({
      method: 'OPTIONS',
      url: '/v1/sweeps',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('lets the Swagger UI at /docs load its own scripts, styles and document, and nothing else', async () => {
    const page = await ctx.app.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toBe(DOCS_CSP);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    // No inline script: every <script> has a src, which script-src 'self' allows.
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/src="/);
      expect(content?.trim()).toBe('');
    }
    const assets = [...page.body.matchAll(/(?:src|href)="(\.\/static\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(
      expect.arrayContaining([
        './static/swagger-ui-bundle.js',
        './static/swagger-initializer.js',
        './static/swagger-ui.css',
      ]),
    );
    for (const asset of assets) {
      const res = await ctx.app.inject({ url: `/docs/${asset.slice(2)}` });
      expect(res.statusCode, asset).toBe(200);
      expect(res.headers['content-type'], asset).toMatch(/javascript|css|image/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    const initializer = await ctx.app.inject({ url: '/docs/static/swagger-initializer.js' });
    expect(initializer.body).toContain("resolveUrl('./json')");
    expect((await ctx.app.inject({ url: '/docs/json' })).statusCode).toBe(200);
  });
});

describe('API keys in logs', () => {
  it('redacts credential-named query values and key-shaped text from URLs', () => {
    const key = `swis_${'a1_-'.repeat(10)}xyz`;
    expect(redactUrl('/v1/sweeps?limit=5&status=done')).toBe('/v1/sweeps?limit=5&status=done');
    expect(redactUrl(`/v1/sweeps?api_key=${key}&limit=5`)).toBe('/v1/sweeps?api_key=[redacted]&limit=5');
    expect(redactUrl('/x?API-Key=abc&Token=def&access_token=g&key=h')).toBe(
      '/x?API-Key=[redacted]&Token=[redacted]&access_token=[redacted]&key=[redacted]',
    );
    expect(redactUrl('/x?api%5Fkey=abc')).toBe('/x?api%5Fkey=[redacted]');
    expect(redactUrl(`/v1/sweeps/${key}`)).toBe('/v1/sweeps/swis_[redacted]');
    expect(redactUrl(`/x?q=${key}`)).toBe('/x?q=swis_[redacted]');
  });

  it('never writes a key or its secret to the log, at trace level, whatever the request', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await appWith({}, createLogger({ LOG_LEVEL: 'trace' }, sink));
    const revoked = await ctx.newTeam('revoked-log');
    await revokeApiKey(ctx.db, revoked.prefix);
    const good = ctx.alpha.key;
    const wrong = `swis_${'Q'.repeat(43)}`;
    const keys = [good, wrong, revoked.key];

    const statuses: number[] = [];
    const send = async (options: InjectOptions) => {
      const res = await app.inject(options);
      statuses.push(res.statusCode);
      return res;
    };
    await send({ url: '/v1/sweeps', headers: { authorization: `Bearer ${good}` } });
    await send({ url: '/v1/sweeps', headers: { AUTHORIZATION: `bearer ${good}` } });
    await send({ url: '/v1/sweeps', headers: { authorization: `Bearer ${wrong}` } });
    await send({ url: '/v1/sweeps', headers: { authorization: `Bearer ${revoked.key}` } });
    await send({ url: '/v1/sweeps', headers: { 'x-api-key': good } });
    await send({ url: `/v1/sweeps?api_key=${good}` });
    await send({ url: `/v1/sweeps?limit=2&api_key=${good}`, headers: { authorization: `Bearer ${good}` } });
    await send({ url: `/v1/sweeps?token=${good}`, headers: { authorization: `Bearer ${good}` } });
    await send({ url: `/healthz?api_key=${good}` });
    await send({ url: `/v1/sweeps/${good}`, headers: { authorization: `Bearer ${good}` } });
    await send({ url: `/nope/${good}` });
    await send({
      method: 'POST',
      url: '/v1/sweeps',
      headers: { authorization: `Bearer ${good}` },
      payload: ISSUE_SPEC,
    });
    await send({
      method: 'POST',
      url: '/v1/sweeps',
      headers: { authorization: `Bearer ${good}`, 'content-type': 'application/json' },
      payload: `{"name": "${good}", `,
    });
    await send({
      method: 'POST',
      url: '/v1/models?name=conv.npy&inputSize=8,8',
      headers: { authorization: `Bearer ${good}`, 'content-type': 'application/octet-stream' },
      payload: Buffer.from(npyBytes([4, 2, 3, 3])),
    });
    await send({
      method: 'POST',
      url: '/v1/models?name=bad.npy',
      headers: { authorization: `Bearer ${good}`, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('not a numpy file'),
    });
    app.log.info({ req: { headers: { authorization: `Bearer ${good}` } }, key: good, apiKey: good }, 'probe');
    // A key in the query string is refused (400) with or without a header; elsewhere it is ignored.
    expect(statuses).toEqual([200, 200, 401, 401, 401, 400, 400, 400, 200, 404, 404, 202, 400, 201, 400]);
    const text = lines.join('');
    expect(text).toContain('incoming request');
    expect(text).toContain('sweep submitted');
    expect(text).toContain('model uploaded');
    expect(text).toContain('probe');
    expect(text).toContain('api_key=[redacted]');
    for (const key of keys) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(key.slice('swis_'.length));
    }
  });

  it('refuses a key in the query string with 400 naming the parameter', async () => {
    const res = await ctx.app.inject({
      url: `/v1/sweeps?api_key=${ctx.alpha.key}`,
      headers: ctx.alpha.auth,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'SWIS_ERR_API_VALIDATION', issues: [{ path: 'api_key' }] });
    expect(res.body).not.toContain(ctx.alpha.key);
  });
});

describe('stored keys and revocation', () => {
  it('stores only the sha256 of a key, and a revoked key answers 401 within AUTH_CACHE_MS', async () => {
    const AUTH_CACHE_MS = 300;
    const app = await appWith({ AUTH_CACHE_MS });
    const team = await ctx.newTeam('stored');
    expect((await app.inject({ url: '/v1/sweeps', headers: team.auth })).statusCode).toBe(200);

    const rows = await ctx.db.$queryRaw<
      Record<string, unknown>[]
    >`SELECT * FROM "ApiKey" WHERE "teamId" = ${team.id}::uuid`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.keyHash).toBe(createHash('sha256').update(team.key).digest('hex'));
    expect(rows[0]!.prefix).toBe(team.key.slice(0, 12));
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(team.key);
    expect(stored).not.toContain(team.key.slice(12, 24));

    expect(await revokeApiKey(ctx.db, team.prefix)).toBe(true);
    const revokedAt = Date.now();
    await expect
      .poll(async () => (await app.inject({ url: '/v1/sweeps', headers: team.auth })).statusCode, {
        timeout: 5000,
        interval: 25,
      })
      .toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(AUTH_CACHE_MS + 250);
    const res = await app.inject({ url: '/v1/sweeps', headers: team.auth });
    expect(res.json()).toMatchObject({
      code: 'SWIS_ERR_API_UNAUTHORIZED',
      message: expect.stringContaining('revoked'),
    });
  });
});
