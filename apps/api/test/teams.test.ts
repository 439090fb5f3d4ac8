import { revokeApiKey } from '@swis-dse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeSweep, ISSUE_SPEC } from './support/fixtures.js';
import { npyBytes } from './support/npy.js';
import { startTestContext, type TestContext } from './support/test-app.js';

let ctx: TestContext;
let sweepId: string;
let pointId: string;
let modelId: string;

beforeAll(async () => {
  ctx = await startTestContext();
  const sweep = await ctx.app.inject({
    method: 'POST',
    url: '/v1/sweeps',
    headers: ctx.alpha.auth,
    payload: ISSUE_SPEC,
  });
  sweepId = sweep.json().id;
  await completeSweep(ctx.db, sweepId);
  pointId = (
    await ctx.app.inject({ url: `/v1/sweeps/${sweepId}/points?limit=1`, headers: ctx.alpha.auth })
  ).json().items[0].id;
  const model = await ctx.app.inject({
    method: 'POST',
    url: '/v1/models?name=conv.npy&inputSize=16,16',
    headers: { ...ctx.alpha.auth, 'content-type': 'application/octet-stream' },
    payload: Buffer.from(npyBytes([4, 2, 3, 3])),
  });
  expect(model.statusCode).toBe(201);
  modelId = model.json().id;
});

afterAll(async () => {
  await ctx?.close();
});

describe('team isolation', () => {
  it("answers 404 on every endpoint for another team's ids", async () => {
    const requests = [
      { method: 'GET', url: `/v1/sweeps/${sweepId}` },
      { method: 'POST', url: `/v1/sweeps/${sweepId}/cancel` },
      { method: 'GET', url: `/v1/sweeps/${sweepId}/points` },
      { method: 'GET', url: `/v1/sweeps/${sweepId}/points?format=csv` },
      { method: 'GET', url: `/v1/sweeps/${sweepId}/points/${pointId}` },
      { method: 'GET', url: `/v1/sweeps/${sweepId}/pareto` },
      { method: 'GET', url: `/v1/models/${modelId}` },
    ] as const;
    for (const request of requests) {
      const res = await ctx.app.inject({ ...request, headers: ctx.beta.auth });
      expect(res.statusCode, request.url).toBe(404);
      expect(res.json().code).toBe('SWIS_ERR_API_NOT_FOUND');
      const own = await ctx.app.inject({ ...request, headers: ctx.alpha.auth });
      expect(own.statusCode, request.url).not.toBe(404);
    }
  });

  it("never lists another team's sweeps or models", async () => {
    const sweeps = await ctx.app.inject({ url: '/v1/sweeps', headers: ctx.beta.auth });
    expect(sweeps.json()).toEqual({ items: [], nextCursor: null });
    const models = await ctx.app.inject({ url: '/v1/models', headers: ctx.beta.auth });
    expect(models.json()).toEqual({ items: [], nextCursor: null });
    const own = await ctx.app.inject({ url: '/v1/sweeps', headers: ctx.alpha.auth });
    expect(own.json().items.map((s: { id: string }) => s.id)).toEqual([sweepId]);
  });

  it("cannot run a sweep on another team's uploaded model", async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/sweeps',
      headers: ctx.beta.auth,
      payload: { ...ISSUE_SPEC, model: modelId },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toBe('model');
  });

  it('lets a team sweep its own uploaded model (modelHash = content hash @ given input size)', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/sweeps',
      headers: ctx.alpha.auth,
      payload: { ...ISSUE_SPEC, name: 'own-model', model: modelId },
    });
    expect(res.statusCode).toBe(202);
    const model = (await ctx.app.inject({ url: `/v1/models/${modelId}`, headers: ctx.alpha.auth })).json();
    const stored = await ctx.db.sweep.findUnique({
      where: { id: res.json().id },
      select: { modelHash: true },
    });
    expect(stored?.modelHash).toBe(`${model.contentHash}@16x16`);
  });

  it('names built-in models builtin:<id>', async () => {
    const stored = await ctx.db.sweep.findUnique({ where: { id: sweepId }, select: { modelHash: true } });
    expect(stored?.modelHash).toBe('builtin:mobilenet_v2');
  });
});

describe('API keys', () => {
  const urls = ['/v1/sweeps', `/v1/sweeps/${'0'.repeat(8)}`, '/v1/models'];

  it('answers 401 JSON without a key, with a malformed header and with an unknown key', async () => {
    for (const headers of [
      {},
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer swis_not-a-real-key' },
    ]) {
      for (const url of urls) {
        const res = await ctx.app.inject({ url, headers });
        expect(res.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.json()).toMatchObject({ statusCode: 401, code: 'SWIS_ERR_API_UNAUTHORIZED' });
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
  });

  it('rejects an upload without a key before reading it', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/sweeps',
      payload: ISSUE_SPEC,
    });
    expect(res.statusCode).toBe(401);
  });

  it('answers 401 once the key is revoked, within AUTH_CACHE_MS', async () => {
    const team = await ctx.newTeam('revoked');
    expect((await ctx.app.inject({ url: '/v1/sweeps', headers: team.auth })).statusCode).toBe(200);
    expect(await revokeApiKey(ctx.db, team.prefix)).toBe(true);
    const revokedAt = Date.now();
    await expect
      .poll(async () => (await ctx.app.inject({ url: '/v1/sweeps', headers: team.auth })).statusCode, {
        timeout: 5000,
        interval: 100,
      })
      .toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(2000 + 500);
    const res = await ctx.app.inject({ url: '/v1/sweeps', headers: team.auth });
    expect(res.json().message).toContain('revoked');
  });

  it('leaves /healthz, /readyz and /docs open', async () => {
    for (const url of ['/healthz', '/readyz', '/docs', '/docs/json']) {
      const res = await ctx.app.inject({ url });
      expect([200, 302], url).toContain(res.statusCode);
    }
  });
});
