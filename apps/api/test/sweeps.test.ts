import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISSUE_SPEC, specNamed } from './support/fixtures.js';
import { startTestContext, type TestContext } from './support/test-app.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await startTestContext();
});

afterAll(async () => {
  await ctx?.close();
});

function post(spec: unknown, headers: Record<string, string> = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: '/v1/sweeps',
    headers: { ...ctx.alpha.auth, ...headers },
    payload: spec as object,
  });
}

describe('POST /v1/sweeps', () => {
  it("accepts the issue's 24-point spec as written: 202, Location, queued, counts", async () => {
    const res = await post(ISSUE_SPEC);
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(res.headers.location).toBe(`/v1/sweeps/${body.id}`);
    expect(body).toMatchObject({
      name: 'mbv2-small',
      model: 'mobilenet_v2',
      status: 'queued',
      counts: { total: 24, done: 0, failed: 0, pending: 24, running: 0, cancelled: 0 },
      progress: 0,
      etaSeconds: null,
      objectives: ISSUE_SPEC.objectives,
    });
    expect(body.spec.maxPoints).toBe(10_000);
    const stored = await ctx.db.point.count({ where: { sweepId: body.id } });
    expect(stored).toBe(24);
    // 3 variants x 2 bits x 2 group sizes = 12 quantizations, each one batch of 2 hardware points.
    const counts = await ctx.queue.counts();
    expect(counts.waiting + counts.prioritized + counts.delayed + counts.active).toBeGreaterThanOrEqual(12);
  });

  it.each([
    ['a misspelt axis', { axes: { ...ISSUE_SPEC.axes, groupsize: [8] } }, 'axes.groupsize'],
    ['bits above baseBits - 1', { axes: { ...ISSUE_SPEC.axes, bits: [2, 9] } }, 'axes.bits.1'],
    ['an unknown variant', { axes: { ...ISSUE_SPEC.axes, variant: ['swiss'] } }, 'axes.variant.0'],
    [
      'a bad dataflow',
      { axes: { ...ISSUE_SPEC.axes, hardware: [{ arch: 'swis', dataflow: 'xx' }] } },
      'axes.hardware.0.dataflow',
    ],
    ['one objective', { objectives: ['cycles:min'] }, 'objectives'],
    ['a malformed objective', { objectives: ['cycles:min', 'speed:max'] }, 'objectives.1'],
    ['random without samples', { method: 'random' }, 'samples'],
    ['an unknown top-level field', { extra: 1 }, 'extra'],
    ['a grid over maxPoints', { maxPoints: 10 }, 'axes'],
  ])('rejects %s with 400 naming the field', async (_label, overrides, path) => {
    const res = await post(specNamed('bad', overrides as object));
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'SWIS_ERR_API_VALIDATION' });
    expect(body.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(body.message).toContain(path);
  });

  it('names every missing field at once', async () => {
    const res = await post({ axes: {} });
    expect(res.statusCode).toBe(400);
    const paths = res.json().issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'model', 'objectives', 'axes.variant', 'axes.hardware']),
    );
  });

  it('rejects an unknown model with 400 naming model', async () => {
    const res = await post(specNamed('nomodel', { model: 'resnet_9000' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'model', message: expect.stringContaining('mobilenet_v2') }]);
  });

  it('rejects accuracy as an objective for a model without an evaluation set, naming objectives', async () => {
    const res = await post(specNamed('noeval', { objectives: ['accuracy:max', 'cycles:min'] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      {
        path: 'objectives',
        message: expect.stringMatching(/evaluation set \(fashion-mobilenet\); model 'mobilenet_v2' has none/),
      },
    ]);
  });

  it('accepts accuracy as an objective for fashion-mobilenet, which has an evaluation set', async () => {
    const res = await post(
      specNamed('fashion', { model: 'fashion-mobilenet', objectives: ['accuracy:max', 'bitsPerWeight:min'] }),
    );
    expect(res.statusCode).toBe(202);
    expect(res.json().objectives).toEqual(['accuracy:max', 'bitsPerWeight:min']);
  });

  it('rejects malformed JSON and a non-object body with 400', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/sweeps',
      headers: { ...ctx.alpha.auth, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('SWIS_ERR_API_BAD_REQUEST');
    const array = await post([1, 2]);
    expect(array.statusCode).toBe(400);
  });

  it('answers 413 JSON for a body over 1 MiB', async () => {
    const res = await post(specNamed('x'.repeat(10), { name: 'y'.repeat(1_100_000) }));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ statusCode: 413, code: 'SWIS_ERR_API_PAYLOAD_TOO_LARGE' });
  });
});

describe('Idempotency-Key', () => {
  it('replays the same sweep for the same key and spec', async () => {
    const key = { 'idempotency-key': 'nightly-2026-11-28' };
    const first = await post(specNamed('idem'), key);
    expect(first.statusCode).toBe(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await post(specNamed('idem'), key);
    expect(second.statusCode).toBe(202);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await ctx.db.sweep.count({ where: { name: 'idem' } })).toBe(1);
  });

  it('answers 409 for the same key with another spec', async () => {
    const key = { 'idempotency-key': 'k-conflict' };
    expect((await post(specNamed('one'), key)).statusCode).toBe(202);
    const res = await post(specNamed('two'), key);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'SWIS_ERR_API_CONFLICT',
      message: expect.stringContaining('Idempotency-Key'),
    });
  });

  it('rejects an empty, too long or non-printable key with 400 naming the header', async () => {
    for (const bad of ['x'.repeat(201), 'tab\there']) {
      const res = await post(specNamed('badkey'), { 'idempotency-key': bad });
      expect(res.statusCode).toBe(400);
      expect(res.json().issues[0].path).toBe('Idempotency-Key');
    }
  });
});

describe('GET /v1/sweeps/:id', () => {
  it('answers the status with an ETag and 304 for If-None-Match', async () => {
    const { id } = (await post(specNamed('etag'))).json();
    const res = await ctx.app.inject({ url: `/v1/sweeps/${id}`, headers: ctx.alpha.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(res.json()).toMatchObject({ id, status: 'queued', counts: { total: 24 }, progress: 0 });

    const cached = await ctx.app.inject({
      url: `/v1/sweeps/${id}`,
      headers: { ...ctx.alpha.auth, 'if-none-match': etag },
    });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
    expect(cached.headers.etag).toBe(etag);

    const cancelled = await ctx.app.inject({
      method: 'POST',
      url: `/v1/sweeps/${id}/cancel`,
      headers: ctx.alpha.auth,
    });
    expect(cancelled.statusCode).toBe(200);
    const changed = await ctx.app.inject({
      url: `/v1/sweeps/${id}`,
      headers: { ...ctx.alpha.auth, 'if-none-match': etag },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('answers 404 JSON for an unknown or malformed id', async () => {
    for (const id of ['00000000-0000-7000-8000-000000000000', 'not-a-uuid', "1' OR 1=1"]) {
      const res = await ctx.app.inject({
        url: `/v1/sweeps/${encodeURIComponent(id)}`,
        headers: ctx.alpha.auth,
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('SWIS_ERR_API_NOT_FOUND');
    }
  });
});

describe('POST /v1/sweeps/:id/cancel', () => {
  it('cancels every pending point, then answers 409 naming the status', async () => {
    const { id } = (await post(specNamed('cancel-me'))).json();
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/v1/sweeps/${id}/cancel`,
      headers: ctx.alpha.auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'cancelled',
      counts: { cancelled: 24, pending: 0 },
      progress: 1,
    });
    const again = await ctx.app.inject({
      method: 'POST',
      url: `/v1/sweeps/${id}/cancel`,
      headers: ctx.alpha.auth,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('cancelled');
  });
});

describe('GET /v1/sweeps', () => {
  it('pages newest first through every sweep with cursors, filtered by status', async () => {
    const team = await ctx.newTeam('pager');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/v1/sweeps',
        headers: team.auth,
        payload: specNamed(`p${i}`),
      });
      ids.push(res.json().id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const res = await ctx.app.inject({ url: `/v1/sweeps?limit=2${query}`, headers: team.auth });
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((s: { id: string }) => s.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([...ids].reverse());

    await ctx.app.inject({ method: 'POST', url: `/v1/sweeps/${ids[0]}/cancel`, headers: team.auth });
    const cancelled = await ctx.app.inject({ url: '/v1/sweeps?status=cancelled', headers: team.auth });
    expect(cancelled.json().items.map((s: { id: string }) => s.id)).toEqual([ids[0]]);
  });

  it('rejects bad limit, status and cursor values with 400 naming the parameter', async () => {
    for (const [query, path] of [
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=101', 'limit'],
      ['status=finished', 'status'],
      ['cursor=garbage', 'cursor'],
    ]) {
      const res = await ctx.app.inject({ url: `/v1/sweeps?${query}`, headers: ctx.alpha.auth });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().issues.map((i: { path: string }) => i.path)).toContain(path);
    }
  });
});
