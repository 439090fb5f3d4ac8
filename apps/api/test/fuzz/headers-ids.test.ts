import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestContext, type TestContext } from '../support/test-app.js';
import { checkedInject } from './support/checked-inject.js';
import { CaseCounter, FUZZ_CONFIG, fuzzParams } from './support/fuzz-settings.js';
import { wellFormed } from './support/query-arbitraries.js';
import { BASE_SPEC } from './support/spec-arbitraries.js';

/**
 * Headers (Authorization, Idempotency-Key, If-None-Match, Content-Type, Accept) and path ids, fuzzed: never
 * a 5xx, 401 for every bad key, 404 for every id that is not the caller's, and only 202s stored.
 */
let ctx: TestContext;
let ownSweep: string;
let otherSweep: string;
let otherPoint: string;
const counter = new CaseCounter('headers and ids');
let created = 0;

/** A one-point spec: each accepted one costs one small transaction. */
const TINY_SPEC = {
  ...BASE_SPEC,
  axes: {
    ...BASE_SPEC.axes,
    variant: ['swis'],
    bits: [2],
    groupSize: [8],
    hardware: [BASE_SPEC.axes.hardware[0]!],
  },
};

async function postSweep(team: { authorization: string }, name: string) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/v1/sweeps',
    headers: team,
    payload: { ...TINY_SPEC, name },
  });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().id as string;
}

beforeAll(async () => {
  ctx = await startTestContext(FUZZ_CONFIG);
  ownSweep = await postSweep(ctx.alpha.auth, 'own');
  otherSweep = await postSweep(ctx.beta.auth, 'other');
  otherPoint = (await ctx.db.point.findFirstOrThrow({ where: { sweepId: otherSweep } })).id;
});

afterAll(async () => {
  counter.report();
  await ctx?.close();
});

/** Header values as HTTP can carry them: visible ASCII, latin-1 and tabs, up to very long. */
const headerText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 60,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
      maxLength: 20,
    }),
  },
  { weight: 1, arbitrary: fc.integer({ min: 201, max: 100_000 }).map((n) => 'k'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', ',', '*', 'W/""', '"', 'null') },
);

const authorization = fc.oneof(
  headerText,
  headerText.map((t) => `Bearer ${t}`),
  fc
    .constantFrom('Basic', 'Token', 'bearer', 'BEARER', 'Digest')
    .chain((scheme) => headerText.map((t) => `${scheme} ${t}`)),
  fc.constantFrom('Bearer', 'Bearer ', 'Bearer  ', 'Bearer swis_', 'Bearer swis_x_y'),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => `Bearer swis_${'a'.repeat(n)}`),
);

const ROUTES = [
  { method: 'GET', url: () => '/v1/sweeps' },
  { method: 'GET', url: () => `/v1/sweeps/${ownSweep}` },
  { method: 'GET', url: () => `/v1/sweeps/${ownSweep}/points` },
  { method: 'GET', url: () => `/v1/sweeps/${ownSweep}/pareto` },
  { method: 'GET', url: () => '/v1/models' },
  { method: 'POST', url: () => '/v1/sweeps' },
  { method: 'POST', url: () => '/v1/models' },
] as const;

describe('fuzzing headers', () => {
  it('answers 401 to every Authorization that is not a live key, before reading the body', async () => {
    await fc.assert(
      fc.asyncProperty(authorization, fc.constantFrom(...ROUTES), async (auth, route) => {
        counter.add('Authorization');
        const res = await checkedInject(ctx.app, {
          method: route.method,
          url: route.url(),
          headers: { authorization: auth, 'content-type': 'application/json' },
          ...(route.method === 'POST' ? { body: TINY_SPEC } : {}),
        });
        expect(res.statusCode).toBe(401);
        expect(res.json().code).toBe('SWIS_ERR_API_UNAUTHORIZED');
      }),
      fuzzParams(20, 1500),
    );
  });

  it('answers Idempotency-Key values with 202, a replay, 409, or a 400 naming the header', async () => {
    const keys = fc.oneof(fc.constantFrom('k1', 'k2', 'k 3', '~'), headerText);
    await fc.assert(
      fc.asyncProperty(keys, fc.constantFrom('a', 'b'), async (key, name) => {
        counter.add('Idempotency-Key');
        const res = await checkedInject(ctx.app, {
          method: 'POST',
          url: '/v1/sweeps',
          headers: { ...ctx.alpha.auth, 'idempotency-key': key },
          body: { ...TINY_SPEC, name },
        });
        const valid = /^[\x20-\x7e]{1,200}$/.test(key);
        expect(res.statusCode).toBe(valid ? (res.statusCode === 409 ? 409 : 202) : 400);
        if (res.statusCode === 202 && res.headers['idempotent-replayed'] === undefined) created++;
      }),
      fuzzParams(21, 400),
    );
    const stored = await ctx.db.sweep.count({ where: { teamId: ctx.alpha.id } });
    expect(stored).toBe(created + 1);
  });

  it('answers If-None-Match, Accept and Content-Type values without a 5xx', async () => {
    const contentType = fc.oneof(
      headerText,
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'APPLICATION/JSON',
        'application/jsonx',
        'text/plain',
        'application/octet-stream',
        'multipart/form-data',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/json;;;',
        ';',
      ),
    );
    const ifNoneMatch = fc.oneof(headerText, fc.constant('*'), fc.constant(`W/"${ownSweep}.0"`));
    await fc.assert(
      fc.asyncProperty(
        contentType,
        headerText,
        ifNoneMatch,
        fc.boolean(),
        async (type, accept, inm, post) => {
          counter.add('Content-Type, Accept, If-None-Match');
          await checkedInject(ctx.app, {
            method: post ? 'POST' : 'GET',
            url: post ? '/v1/sweeps' : `/v1/sweeps/${ownSweep}`,
            headers: { ...ctx.alpha.auth, 'content-type': type, accept, 'if-none-match': inm },
            // An invalid name keeps the fuzz from storing sweeps; the header is what is under test.
            ...(post ? { body: { ...TINY_SPEC, name: '' } } : {}),
          });
        },
      ),
      fuzzParams(22, 1000),
    );
  });
});

describe('fuzzing path ids', () => {
  const ID_ROUTES = [
    { method: 'GET', url: (id: string) => `/v1/sweeps/${id}` },
    { method: 'POST', url: (id: string) => `/v1/sweeps/${id}/cancel` },
    { method: 'GET', url: (id: string) => `/v1/sweeps/${id}/points` },
    { method: 'GET', url: (id: string) => `/v1/sweeps/${ownSweep}/points/${id}` },
    { method: 'GET', url: (id: string) => `/v1/sweeps/${id}/points/${otherPoint}` },
    { method: 'GET', url: (id: string) => `/v1/sweeps/${id}/pareto` },
    { method: 'GET', url: (id: string) => `/v1/models/${id}` },
  ] as const;

  it("answers 404 for ids of nothing and other teams' ids (400 naming the id when it is empty)", async () => {
    const id = fc.oneof(
      fc.uuid(),
      fc.constantFrom(
        otherSweep,
        otherPoint,
        '00000000-0000-0000-0000-000000000000',
        '..',
        '.',
        '%00',
        '%2F',
      ),
      fc.string({ minLength: 1, maxLength: 30 }).map((s) => encodeURIComponent(wellFormed(s))),
      fc.integer({ min: 1, max: 100 }).map((n) => 'i'.repeat(n)),
    );
    await fc.assert(
      fc.asyncProperty(id, fc.constantFrom(...ID_ROUTES), async (value, route) => {
        counter.add('path ids');
        const res = await checkedInject(ctx.app, {
          method: route.method,
          url: route.url(value),
          headers: ctx.alpha.auth,
          params: ['id', 'pointId'],
        });
        // '.' and '..' are resolved away, leaving an empty id: a 400 naming it (checked above).
        expect(res.statusCode).toBe(['.', '..'].includes(value) ? res.statusCode : 404);
        if (['.', '..'].includes(value)) expect([400, 404]).toContain(res.statusCode);
      }),
      fuzzParams(23, 600),
    );
  });
});

/**
 * Fastify answers ids over its maxParamLength (100) and malformed percent-encoding itself, before routing;
 * buildApp's `frameworkErrors` sends those through the API's error handler (found by this fuzz suite).
 */
describe('path ids Fastify rejects before routing', () => {
  it.each([
    ['an id of 101 characters', () => `/v1/sweeps/${'i'.repeat(101)}`],
    ['an id of 5000 characters', () => `/v1/models/${'i'.repeat(5000)}`],
    ['a point id of 150 characters', () => `/v1/sweeps/${ownSweep}/points/${'p'.repeat(150)}`],
    ['malformed percent-encoding', () => '/v1/sweeps/%E0%A4%A'],
  ])('answers %s with the API error body', async (_label, url) => {
    await checkedInject(ctx.app, {
      method: 'GET',
      url: url(),
      headers: ctx.alpha.auth,
      params: ['id', 'pointId'],
    });
  });
});
