import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createDb } from '@swis-dse/db';
import type { SweepQueue } from '@swis-dse/queue';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { ApiConfigSchema, loadApiConfig } from '../src/config.js';
import { API_ERROR_STATUS } from '../src/errors.js';
import { createLogger } from '../src/logger.js';
import { ISSUE_SPEC } from './support/fixtures.js';
import { startTestContext, type TestContext } from './support/test-app.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await startTestContext();
});

afterAll(async () => {
  await ctx?.close();
});

describe('health', () => {
  it('answers /healthz and /readyz when PostgreSQL and the queue answer', async () => {
    expect((await ctx.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await ctx.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 503 naming what is down', async () => {
    const brokenQueue: SweepQueue = {
      ...ctx.queue,
      ping: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6399')),
    };
    const db = createDb('postgresql://postgres@127.0.0.1:1/nowhere');
    const app = buildApp({
      db,
      queue: brokenQueue,
      config: ApiConfigSchema.parse({ DATABASE_URL: 'x' }),
      logger: pino({ level: 'silent' }),
    });
    try {
      const res = await app.inject({ url: '/readyz' });
      expect(res.statusCode).toBe(503);
      const { problems } = res.json();
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/^database: /);
      expect(problems[1]).toMatch(/^queue: .*ECONNREFUSED/);
    } finally {
      await app.close();
      await db.$disconnect();
    }
  });

  it('answers 503 with Retry-After when the database is unreachable', async () => {
    const db = createDb('postgresql://postgres@127.0.0.1:1/nowhere');
    const app = buildApp({
      db,
      queue: ctx.queue,
      config: ApiConfigSchema.parse({ DATABASE_URL: 'x' }),
      logger: pino({ level: 'silent' }),
    });
    try {
      const res = await app.inject({ url: '/v1/sweeps', headers: ctx.alpha.auth });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json().code).toBe('SWIS_ERR_API_UNAVAILABLE');
    } finally {
      await app.close();
      await db.$disconnect();
    }
  });
});

describe('OpenAPI', () => {
  it('serves the document and the UI from local assets at /docs', async () => {
    const doc = (await ctx.app.inject({ url: '/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/sweeps',
        '/v1/sweeps/{id}',
        '/v1/sweeps/{id}/cancel',
        '/v1/sweeps/{id}/points',
        '/v1/sweeps/{id}/points/{pointId}',
        '/v1/sweeps/{id}/pareto',
        '/v1/models',
        '/v1/models/{id}',
        '/healthz',
        '/readyz',
      ]),
    );
    expect(
      doc.paths['/v1/sweeps'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('axes');
    const ui = await ctx.app.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
    expect(ui.body).not.toMatch(/https?:\/\/(unpkg|cdn)/);
    const bundle = await ctx.app.inject({ url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(100_000);
  });
});

describe('errors', () => {
  it('answers unknown routes with the JSON error body', async () => {
    for (const url of ['/nope', '/v1/nope']) {
      const res = await ctx.app.inject({ url, headers: ctx.alpha.auth });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({
        statusCode: 404,
        error: 'Not Found',
        code: 'SWIS_ERR_API_NOT_FOUND',
        issues: [],
      });
    }
  });

  it('documents every API error code in docs/errors.md', async () => {
    const doc = await readFile(join(process.cwd(), 'docs/errors.md'), 'utf8');
    for (const code of Object.keys(API_ERROR_STATUS)) expect(doc, code).toContain(`\`${code}\``);
  });
});

describe('logging', () => {
  it('never writes an API key to the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino(
      {
        level: 'trace',
        redact: { paths: ['req.headers.authorization', 'key', '*.key'], censor: '[redacted]' },
      },
      sink,
    );
    const app = buildApp({
      db: ctx.db,
      queue: ctx.queue,
      config: ApiConfigSchema.parse({ DATABASE_URL: 'x' }),
      logger,
    });
    try {
      await app.inject({ method: 'POST', url: '/v1/sweeps', headers: ctx.alpha.auth, payload: ISSUE_SPEC });
      await app.inject({ url: '/v1/sweeps', headers: { authorization: 'Bearer swis_wrongwrongwrong' } });
      app.log.info(
        { req: { headers: { authorization: `Bearer ${ctx.alpha.key}` } }, key: ctx.alpha.key },
        'probe',
      );
      const text = lines.join('');
      expect(text).toContain('sweep submitted');
      expect(text).toContain('probe');
      expect(text).not.toContain(ctx.alpha.key);
      expect(text).not.toContain('swis_wrongwrongwrong');
    } finally {
      await app.close();
    }
  });

  it('createLogger redacts the Authorization header and keys', () => {
    const logger = createLogger({ LOG_LEVEL: 'info' });
    expect(logger.level).toBe('info');
  });
});

describe('loadApiConfig', () => {
  it('fills the defaults and names bad variables', () => {
    expect(loadApiConfig({ DATABASE_URL: 'postgresql://x/y', REDIS_URL: '' })).toEqual({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgresql://x/y',
      MAX_UPLOAD_BYTES: 64 * 1024 * 1024,
      STATUS_CACHE_MS: 250,
      AUTH_CACHE_MS: 2000,
      RATE_LIMIT_MAX: 1200,
      RATE_LIMIT_WINDOW_MS: 60_000,
      LOG_LEVEL: 'info',
    });
    expect(() => loadApiConfig({ PORT: 'http' })).toThrow(/DATABASE_URL.*PORT|PORT.*DATABASE_URL/);
  });
});
