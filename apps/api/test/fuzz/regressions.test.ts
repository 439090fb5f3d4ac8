import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MBV2_SMALL } from '../../../../packages/swis-core/test/helpers/sweep-specs.js';
import { npyBytes } from '../support/npy.js';
import { startTestContext, type TestContext } from '../support/test-app.js';
import { FUZZ_CONFIG } from './support/fuzz-settings.js';

/** Cases the fuzz suites found, kept as plain tests. */
let ctx: TestContext;

beforeAll(async () => {
  ctx = await startTestContext(FUZZ_CONFIG);
});

afterAll(async () => {
  await ctx?.close();
});

describe('fuzz regressions', () => {
  it.each([
    ['a JSON string', '"V=z"'],
    ['a JSON number', '0'],
    ['a JSON array', '[]'],
  ])('names the body when the spec is %s, not an empty path', async (_label, payload) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/sweeps',
      headers: { ...ctx.alpha.auth, 'content-type': 'application/json' },
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'body', message: expect.any(String) }]);
  });

  it.each([
    ['a lone high surrogate', '"\\ud800"', 'name'],
    ['a lone low surrogate', '"a\\udc00b"', 'name'],
    ['a NUL', '"a\\u0000"', 'name'],
    ['a NUL in the model', '"mobilenet_v2\\u0000"', 'model'],
  ])(
    'answers a spec whose free text holds %s with 400, not 500 from PostgreSQL',
    async (_label, text, field) => {
      const payload = JSON.stringify({ ...MBV2_SMALL, [field]: 'PLACEHOLDER' }).replace(
        '"PLACEHOLDER"',
        text,
      );
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/v1/sweeps',
        headers: { ...ctx.alpha.auth, 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().issues.map((i: { path: string }) => i.path)).toContain(field);
    },
  );

  it('answers a model name holding a NUL with 400 naming it, not 500 from PostgreSQL', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/models?name=a%00b.npy&inputSize=8,8',
      headers: { ...ctx.alpha.auth, 'content-type': 'application/octet-stream' },
      payload: Buffer.from(npyBytes([4, 2, 3, 3])),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toContain('name');
  });

  it('answers a safetensors header whose shape nests 50,000 deep with 400, not 500', async () => {
    const json = `{"w":{"dtype":"F32","shape":${'['.repeat(50_000)}${']'.repeat(50_000)},"data_offsets":[0,0]}}`;
    const bytes = Buffer.alloc(8 + json.length);
    bytes.writeBigUInt64LE(BigInt(json.length), 0);
    bytes.write(json, 8);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/models?name=deep.safetensors',
      headers: { ...ctx.alpha.auth, 'content-type': 'application/octet-stream' },
      payload: bytes,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'SWIS_ERR_MODEL_FORMAT', issues: [{ path: 'file' }] });
    expect(res.json().message).toContain('tensor w');
  });
});
