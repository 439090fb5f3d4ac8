import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeSweep } from '../support/fixtures.js';
import { npyBytes } from '../support/npy.js';
import { startTestContext, type TestContext } from '../support/test-app.js';
import { checkedInject } from './support/checked-inject.js';
import { CaseCounter, FUZZ_CONFIG, fuzzParams } from './support/fuzz-settings.js';
import { queryArbitrary, queryString } from './support/query-arbitraries.js';
import { BASE_SPEC } from './support/spec-arbitraries.js';

/**
 * Query parameters of the list, points, Pareto and model routes, fuzzed over a sweep with results: never
 * a 5xx, every 400 naming a parameter that was sent.
 */
let ctx: TestContext;
let sweepId: string;
const cursors: string[] = [];
const counter = new CaseCounter('query parameters');

async function nextCursor(url: string): Promise<string> {
  const res = await ctx.app.inject({ method: 'GET', url, headers: ctx.alpha.auth });
  expect(res.statusCode, res.body).toBe(200);
  const cursor = res.json().nextCursor as string | null;
  expect(cursor).not.toBeNull();
  return cursor!;
}

beforeAll(async () => {
  ctx = await startTestContext(FUZZ_CONFIG);
  for (const name of ['fuzz-a', 'fuzz-b']) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/sweeps',
      headers: ctx.alpha.auth,
      payload: { ...BASE_SPEC, name },
    });
    expect(res.statusCode, res.body).toBe(202);
    sweepId = res.json().id;
  }
  await completeSweep(ctx.db, sweepId, [3, 7]);
  const upload = (name: string) =>
    ctx.app.inject({
      method: 'POST',
      url: `/v1/models?name=${name}`,
      headers: { ...ctx.alpha.auth, 'content-type': 'application/octet-stream' },
      payload: Buffer.from(npyBytes([4, 3], (i) => i + Number(name.length))),
    });
  expect((await upload('a.npy')).statusCode).toBe(201);
  expect((await upload('bb.npy')).statusCode).toBe(201);
  // Real cursors of other routes and sort orders, to be replayed where they do not belong.
  cursors.push(
    await nextCursor('/v1/sweeps?limit=1'),
    await nextCursor(`/v1/sweeps/${sweepId}/points?limit=5`),
    await nextCursor(`/v1/sweeps/${sweepId}/points?limit=5&sort=cycles:asc`),
    await nextCursor(`/v1/sweeps/${sweepId}/points?limit=5&sort=sqnrDb:desc&status=done`),
    await nextCursor('/v1/models?limit=1'),
  );
});

afterAll(async () => {
  counter.report();
  await ctx?.close();
});

const ROUTES = [
  { name: 'GET /v1/sweeps', path: () => '/v1/sweeps', params: ['limit', 'cursor', 'status'], runs: 700 },
  {
    name: 'GET /v1/sweeps/:id/points',
    path: () => `/v1/sweeps/${sweepId}/points`,
    params: ['limit', 'cursor', 'sort', 'status', 'filter', 'variant', 'arch', 'format'],
    runs: 1500,
  },
  {
    name: 'GET /v1/sweeps/:id/pareto',
    path: () => `/v1/sweeps/${sweepId}/pareto`,
    params: ['objectives', 'format'],
    runs: 600,
  },
  { name: 'GET /v1/models', path: () => '/v1/models', params: ['limit', 'cursor'], runs: 500 },
] as const;

describe('fuzzing query parameters', () => {
  ROUTES.forEach((route, index) => {
    it(`${route.name}: 2xx or a 4xx naming a parameter`, async () => {
      await fc.assert(
        fc.asyncProperty(
          queryArbitrary(route.params, cursors),
          fc.constantFrom('application/json', 'text/csv', '*/*', 'text/csv;q=0.1, application/json'),
          async (query, accept) => {
            counter.add(route.name);
            await checkedInject(ctx.app, {
              method: 'GET',
              url: `${route.path()}${queryString(query)}`,
              headers: { ...ctx.alpha.auth, accept },
              query,
              params: route.path().includes(sweepId) ? ['id'] : [],
            });
          },
        ),
        fuzzParams(10 + index, route.runs),
      );
    });
  });

  it('raw query strings the parser must survive', async () => {
    const raw = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[#\s]/g, '')),
      fc.constantFrom('%', '%zz', '%00', '&&&', '=', '==x', 'limit', 'limit=', 'limit=%', 'filter=%E0%A4%A'),
    );
    await fc.assert(
      fc.asyncProperty(raw, fc.constantFrom(...ROUTES), async (text, route) => {
        counter.add('raw query strings');
        const res = await checkedInject(ctx.app, {
          method: 'GET',
          url: `${route.path()}?${text}`,
          headers: ctx.alpha.auth,
          params: ['id'],
          // Raw text is parsed by the server's own rules; a 400 must still name one of the route's
          // parameters, which appear in the text.
          query: Object.fromEntries(route.params.filter((p) => text.includes(p)).map((p) => [p, text])),
        });
        expect(res.statusCode).toBeLessThan(500);
      }),
      fuzzParams(15, 500),
    );
  });
});
