import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelError, type ModelErrorCode } from '../src/errors.js';
import { detectFormat, loadModelFile } from '../src/load-model-file.js';
import { makeNpy } from './helpers/make-npy.js';
import { makeOnnx } from './helpers/make-onnx.js';
import { makeSafetensors, rawSafetensors } from './helpers/make-safetensors.js';
import { makeWeights, sequence } from './helpers/make-tfjs.js';

const NPY = makeNpy({ shape: [4, 2, 3, 3], values: sequence(72) });
const SAFETENSORS = makeSafetensors([
  { name: 'conv.weight', dtype: 'F32', shape: [4, 2, 3, 3], values: sequence(72) },
  { name: 'fc.weight', dtype: 'F32', shape: [5, 4], values: sequence(20) },
]);
const ONNX = makeOnnx({
  inputs: [{ name: 'x', dims: [1, 2, 8, 8] }],
  initializers: [{ name: 'conv.weight', dims: [4, 2, 3, 3], values: sequence(72) }],
  nodes: [{ op: 'Conv', name: 'conv', inputs: ['x', 'conv.weight'], outputs: ['y'] }],
});
const GARBAGE = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08]);

/** A one-conv Keras layers model whose manifest lists `paths`, and the bytes of its single shard. */
function tfjsModel(paths = ['group1-shard1of1.bin']): { json: string; shard: Uint8Array } {
  const { manifest, bytes } = makeWeights([
    { name: 'conv/kernel', shape: [3, 3, 2, 4], values: sequence(72) },
  ]);
  const conv = {
    class_name: 'Conv2D',
    config: {
      name: 'conv',
      filters: 4,
      kernel_size: [3, 3],
      padding: 'same',
      batch_input_shape: [null, 8, 8, 2],
    },
  };
  const json = {
    format: 'layers-model',
    modelTopology: { model_config: { class_name: 'Sequential', config: { name: 'tiny', layers: [conv] } } },
    weightsManifest: [{ ...(manifest[0] as object), paths }],
  };
  return { json: JSON.stringify(json), shard: bytes };
}

/** A safetensors file whose JSON header is exactly `length` bytes, padded through __metadata__. */
function safetensorsWithHeaderLength(length: number): Uint8Array {
  const header = (pad: string) => ({
    __metadata__: { pad },
    'fc.weight': { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] },
  });
  const base = JSON.stringify(header('')).length;
  return rawSafetensors(header('x'.repeat(length - base)), new Uint8Array(16));
}

async function modelError(promise: Promise<unknown>, code: ModelErrorCode): Promise<ModelError> {
  const error = await promise.then(
    () => expect.fail('expected a ModelError'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  expect((error as ModelError).code).toBe(code);
  return error as ModelError;
}

let dir: string;
/** Writes `bytes` to `name` inside the temp dir and returns the full path. */
async function put(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, bytes);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'swis-load-model-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadModelFile: each format from disk', () => {
  it('reads an .npy file as one layer named after the file', async () => {
    const net = await loadModelFile(await put('npy/stem.conv.npy', NPY));
    expect(net.layers.map((l) => [l.name, l.kind, l.shape])).toEqual([['stem.conv', 'conv', [4, 2, 3, 3]]]);
    expect([...net.layers[0]!.weights].sort((a, b) => a - b)).toEqual(sequence(72));
  });

  it('reads a .safetensors file', async () => {
    const net = await loadModelFile(await put('st/model.safetensors', SAFETENSORS));
    expect(net.layers.map((l) => [l.name, l.kind])).toEqual([
      ['conv.weight', 'conv'],
      ['fc.weight', 'dense'],
    ]);
  });

  it('reads an .onnx file', async () => {
    const net = await loadModelFile(await put('onnx/net.onnx', ONNX));
    expect(net.layers.map((l) => [l.kind, l.shape, l.inputSize])).toEqual([['conv', [4, 2, 3, 3], [8, 8]]]);
  });

  it('reads a TFJS model.json with its shard file next to it', async () => {
    const { json, shard } = tfjsModel();
    await put('tfjs/group1-shard1of1.bin', shard);
    const net = await loadModelFile(await put('tfjs/model.json', json));
    expect(net.layers.map((l) => [l.name, l.kind, l.shape])).toEqual([['conv', 'conv', [4, 2, 3, 3]]]);
    expect([...net.layers[0]!.weights].sort((a, b) => a - b)).toEqual(sequence(72));
  });

  it('names the missing shard path when a manifest shard is not on disk', async () => {
    const { json } = tfjsModel(['missing-shard.bin']);
    const file = await put('tfjs-missing/model.json', json);
    const error = await modelError(loadModelFile(file), 'SWIS_ERR_MODEL_FORMAT');
    const shardPath = join(dir, 'tfjs-missing', 'missing-shard.bin');
    expect(error.location.file).toBe(shardPath);
    expect(error.message).toBe(`${shardPath}: does not exist`);
  });

  it('refuses a shard path with a .. segment even when the file it points to exists', async () => {
    const { json, shard } = tfjsModel(['../outside.bin']);
    await put('outside.bin', shard); // a valid shard: following the path would load successfully
    const file = await put('tfjs-escape/model.json', json);
    const error = await modelError(loadModelFile(file), 'SWIS_ERR_MODEL_FORMAT');
    expect(error.message).toContain(file);
    expect(error.message).toContain("'../outside.bin'");
  });

  it('counts model.json plus shards against maxFileBytes and names the shard that goes over', async () => {
    const { json, shard } = tfjsModel();
    await put('tfjs-big/group1-shard1of1.bin', shard);
    const file = await put('tfjs-big/model.json', json);
    const total = json.length + shard.length;
    await expect(loadModelFile(file, { maxFileBytes: total })).resolves.toBeDefined();
    const error = await modelError(loadModelFile(file, { maxFileBytes: total - 1 }), 'SWIS_ERR_MODEL_LIMIT');
    expect(error.location.file).toBe(join(dir, 'tfjs-big', 'group1-shard1of1.bin'));
  });
});

describe('detectFormat', () => {
  it.each([
    ['a.npy', 'npy'],
    ['a.NPY', 'npy'],
    ['b.safetensors', 'safetensors'],
    ['c.onnx', 'onnx'],
    ['d/model.json', 'tfjs'],
  ] as const)('takes %s by its extension, whatever the bytes', (path, format) => {
    expect(detectFormat(path, GARBAGE)).toBe(format);
  });

  it('recognizes extensionless files by their first bytes', () => {
    expect(detectFormat('weights', NPY)).toBe('npy');
    expect(detectFormat('weights', SAFETENSORS)).toBe('safetensors');
    expect(detectFormat('weights', ONNX)).toBe('onnx');
    expect(detectFormat('weights', new TextEncoder().encode(tfjsModel().json))).toBe('tfjs');
  });

  it("does not mistake a safetensors header length with low byte 0x7b ('{') for JSON", () => {
    const file = safetensorsWithHeaderLength(123);
    expect(file[0]).toBe(0x7b);
    expect(detectFormat('weights', file)).toBe('safetensors');
    expect(detectFormat('weights', safetensorsWithHeaderLength(379))).toBe('safetensors');
  });

  it('rejects unknown bytes under an unknown extension with SWIS_ERR_MODEL_FORMAT naming the file', () => {
    expect(() => detectFormat('x.bin', GARBAGE)).toThrow(ModelError);
    expect(() => detectFormat('x.bin', GARBAGE)).toThrow(/^x\.bin: unrecognized model format/);
    expect(() => detectFormat('empty', new Uint8Array(0))).toThrow(/^empty: unrecognized/);
  });
});

describe('loadModelFile: detection, limits and bad paths', () => {
  it('loads extensionless files of every format by their magic bytes', async () => {
    expect((await loadModelFile(await put('magic/npy', NPY))).layers).toHaveLength(1);
    expect((await loadModelFile(await put('magic/st', SAFETENSORS))).layers).toHaveLength(2);
    expect((await loadModelFile(await put('magic/onnx', ONNX))).layers).toHaveLength(1);
    const { json, shard } = tfjsModel();
    await put('magic/group1-shard1of1.bin', shard);
    expect((await loadModelFile(await put('magic/model', json))).layers).toHaveLength(1);
  });

  it('reads the given format instead of detecting one from the extension', async () => {
    const file = await put('forced/conv.onnx', NPY);
    expect((await loadModelFile(file, { format: 'npy' })).layers[0]).toMatchObject({ name: 'conv' });
    const other = await put('forced/model.safetensors', ONNX);
    const error = await modelError(loadModelFile(other, { format: 'npy' }), 'SWIS_ERR_MODEL_FORMAT');
    expect(error.message).toContain('is not an npy file');
  });

  it('rejects a file over maxFileBytes with SWIS_ERR_MODEL_LIMIT, and accepts one at the limit', async () => {
    const file = await put('limit/w.npy', NPY);
    await expect(loadModelFile(file, { maxFileBytes: NPY.length })).resolves.toBeDefined();
    const error = await modelError(
      loadModelFile(file, { maxFileBytes: NPY.length - 1 }),
      'SWIS_ERR_MODEL_LIMIT',
    );
    expect(error.message).toBe(`${file}: is ${NPY.length} bytes, over the limit of ${NPY.length - 1}`);
  });

  it('checks the size before reading: a sparse 3 GiB file fails fast on the 1 GiB default', async () => {
    // readFile would throw ERR_FS_FILE_TOO_LARGE (not a ModelError) if the loader read before checking.
    const file = join(dir, 'huge.npy');
    const handle = await open(file, 'w');
    await handle.truncate(3 * 2 ** 30);
    await handle.close();
    const error = await modelError(loadModelFile(file), 'SWIS_ERR_MODEL_LIMIT');
    expect(error.message).toContain(`over the limit of ${2 ** 30}`);
    await rm(file);
  });

  it('names a directory given as the model path', async () => {
    const error = await modelError(loadModelFile(dir), 'SWIS_ERR_MODEL_FORMAT');
    expect(error.message).toBe(`${dir}: is not a regular file`);
  });

  it('names a path that does not exist', async () => {
    const file = join(dir, 'nope', 'missing.onnx');
    const error = await modelError(loadModelFile(file), 'SWIS_ERR_MODEL_FORMAT');
    expect(error.location.file).toBe(file);
    expect(error.message).toBe(`${file}: does not exist`);
  });

  it('rejects garbage bytes with an unknown extension as SWIS_ERR_MODEL_FORMAT', async () => {
    const file = await put('garbage.bin', GARBAGE);
    const error = await modelError(loadModelFile(file), 'SWIS_ERR_MODEL_FORMAT');
    expect(error.message).toMatch(
      new RegExp(`^${file.replace(/[.\\]/g, '\\$&')}: unrecognized model format`),
    );
  });
});
