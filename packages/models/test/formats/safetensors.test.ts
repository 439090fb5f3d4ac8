import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { readSafetensors } from '../../src/formats/safetensors.js';
import { catchModelError } from '../helpers/catch-model-error.js';
import { assertCorruptionsAreModelErrors } from '../helpers/fuzz.js';
import {
  encodeValues,
  makeSafetensors,
  rawSafetensors,
  type SafetensorSpec,
} from '../helpers/make-safetensors.js';

const range = (n: number, scale = 1) => Array.from({ length: n }, (_, i) => i * scale);

/** A small CNN as PyTorch would save it; header order deliberately differs from data order. */
const CNN: SafetensorSpec[] = [
  { name: 'fc.weight', dtype: 'F32', shape: [3, 4], values: range(12) },
  { name: 'conv1.weight', dtype: 'F32', shape: [4, 2, 3, 3], values: range(72) },
  { name: 'conv1.bias', dtype: 'F32', shape: [4], values: range(4) },
  { name: 'bn1.num_batches_tracked', dtype: 'I64', shape: [], values: [7] },
  { name: 'conv2.dw.weight', dtype: 'F32', shape: [4, 1, 3, 3], values: range(36) },
];
const DATA_ORDER = [1, 2, 3, 4, 0];

describe('readSafetensors', () => {
  it('reads 4-D tensors as conv and 2-D as dense, in data-offset order, skipping biases and counters', () => {
    const net = readSafetensors(makeSafetensors(CNN, undefined, DATA_ORDER), 'ckpt/model.safetensors');
    expect(net.name).toBe('model');
    expect(net.metadata.source).toBe('safetensors file model.safetensors');
    expect(net.layers.map((l) => [l.name, l.kind, l.shape, l.groups])).toEqual([
      ['conv1.weight', 'conv', [4, 2, 3, 3], 1],
      ['conv2.dw.weight', 'depthwise', [4, 1, 3, 3], 4],
      ['fc.weight', 'dense', [3, 4, 1, 1], 1],
    ]);
    for (const layer of net.layers) {
      expect(layer).toMatchObject({ stride: [1, 1], padding: [0, 0, 0, 0], inputSize: null });
    }
  });

  it('converts conv weights from [K, C, R, S] to [K][R][S][C]', () => {
    const net = readSafetensors(makeSafetensors(CNN), 'm.safetensors');
    const conv = net.layers.find((l) => l.name === 'conv1.weight')!;
    const [, c, r, s] = [4, 2, 3, 3];
    for (const [k, ci, ri, si] of [
      [0, 0, 0, 0],
      [0, 1, 0, 0],
      [1, 0, 2, 1],
      [3, 1, 2, 2],
      [2, 1, 1, 0],
    ] as const) {
      expect(conv.weights[((k * r + ri) * s + si) * c + ci]).toBe(((k * c + ci) * r + ri) * s + si);
    }
    expect([...net.layers.find((l) => l.kind === 'dense')!.weights]).toEqual(range(12));
  });

  it('reads bytes that sit at an odd offset of a larger buffer', () => {
    const file = makeSafetensors(CNN);
    const shifted = new Uint8Array(file.length + 5);
    shifted.set(file, 5);
    expect(readSafetensors(shifted.subarray(5), 'odd.safetensors').layers).toHaveLength(3);
  });

  it('decodes F16, BF16 and F64 into float32', () => {
    const values = [1, -2, 0.5, 65504, 2 ** -24, -0.0078125];
    const bf16 = [1, -2, 0.5, 3.0e38, 1.5e-39, -256];
    const net = readSafetensors(
      makeSafetensors([
        { name: 'half', dtype: 'F16', shape: [2, 3], values },
        { name: 'brain', dtype: 'BF16', shape: [2, 3], values: bf16 },
        { name: 'double', dtype: 'F64', shape: [3, 2], values: [0.1, 0.2, 0.3, 1e-3, -7, 8] },
      ]),
      'dtypes.safetensors',
    );
    const [half, brain, double] = net.layers;
    expect([...half!.weights]).toEqual(values);
    // bfloat16 keeps the upper 16 bits of float32, so expect the truncated float32 values.
    const truncated = bf16.map((v) => {
      const view = new DataView(new ArrayBuffer(4));
      view.setFloat32(0, v);
      view.setUint16(2, 0);
      return view.getFloat32(0);
    });
    expect([...brain!.weights]).toEqual(truncated);
    expect([...double!.weights]).toEqual([0.1, 0.2, 0.3, 1e-3, -7, 8].map(Math.fround));
  });

  it('calls a one-channel conv depthwise only when the name or __metadata__ says so', () => {
    const tensors: SafetensorSpec[] = [
      { name: 'stem.weight', dtype: 'F32', shape: [8, 1, 3, 3], values: range(72) },
      { name: 'block.conv.weight', dtype: 'F32', shape: [8, 1, 3, 3], values: range(72) },
      { name: 'features.3.depthwise_conv.weight', dtype: 'F32', shape: [8, 1, 3, 3], values: range(72) },
      { name: 'features.4.dw.weight', dtype: 'F32', shape: [8, 4, 3, 3], values: range(288) },
    ];
    const net = readSafetensors(
      makeSafetensors(tensors, { 'block.conv.weight': 'depthwise' }),
      'dw.safetensors',
    );
    expect(net.layers.map((l) => [l.kind, l.groups])).toEqual([
      ['conv', 1],
      ['depthwise', 8],
      ['depthwise', 8],
      ['conv', 1],
    ]);
  });

  it('notes tensors of other ranks instead of importing them', () => {
    const net = readSafetensors(
      makeSafetensors([
        { name: 'pos_embed', dtype: 'F32', shape: [1, 2, 3], values: range(6) },
        { name: 'head.weight', dtype: 'F32', shape: [2, 3], values: range(6) },
        { name: 'ids', dtype: 'I64', shape: [3], values: [1, 2, 3] },
      ]),
      'vit.safetensors',
    );
    expect(net.layers.map((l) => l.name)).toEqual(['head.weight']);
    expect(net.metadata.notes).toEqual(['skipped 3-D tensor pos_embed: neither conv nor dense weights']);
  });

  it('rejects a non-float weight tensor naming it', () => {
    const bytes = makeSafetensors([{ name: 'q.weight', dtype: 'I64', shape: [2, 2], values: [1, 2, 3, 4] }]);
    const error = catchModelError(() => readSafetensors(bytes, 'int.safetensors'));
    expect(error.code).toBe('SWIS_ERR_MODEL_WEIGHTS');
    expect(error.message).toMatch(/int\.safetensors, tensor q\.weight: dtype I64/);
  });

  it('rejects a file without weight tensors', () => {
    const bytes = makeSafetensors([{ name: 'bias', dtype: 'F32', shape: [2], values: [1, 2] }]);
    expect(() => readSafetensors(bytes, 'b.safetensors')).toThrow(/b\.safetensors.*no conv or dense/);
  });

  it('rejects a header length beyond the file, garbage JSON and a non-object header', () => {
    const good = makeSafetensors(CNN);
    const long = good.slice();
    new DataView(long.buffer).setBigUint64(0, 2n ** 63n, true);
    expect(() => readSafetensors(long, 'long.safetensors')).toThrow(/long\.safetensors.*header/);
    expect(() => readSafetensors(good.subarray(0, 5), 'tiny.safetensors')).toThrow(ModelError);
    const garbage = good.slice();
    garbage[9] = 0x7b; // '{' where '"' was: the JSON no longer parses
    expect(() => readSafetensors(garbage, 'garbage.safetensors')).toThrow(
      /garbage\.safetensors.*not UTF-8 JSON/,
    );
    expect(() => readSafetensors(rawSafetensors([1, 2], new Uint8Array()), 'arr.safetensors')).toThrow(
      /arr\.safetensors.*not a JSON object/,
    );
    const badUtf8 = rawSafetensors({}, new Uint8Array());
    badUtf8[8] = 0xff;
    expect(() => readSafetensors(badUtf8, 'utf.safetensors')).toThrow(/utf\.safetensors/);
  });

  it('rejects malformed entries naming the tensor', () => {
    const data = encodeValues('F32', range(4));
    const cases: [unknown, RegExp][] = [
      [
        { w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 32] } },
        /tensor w: data_offsets \[0, 32\] lie outside/,
      ],
      [
        { w: { dtype: 'F32', shape: [2, 2], data_offsets: [8, 4] } },
        /tensor w: data_offsets \[8, 4\] lie outside/,
      ],
      [
        { w: { dtype: 'F32', shape: [2, 2], data_offsets: [0] } },
        /tensor w: data_offsets \[0\] is not a pair/,
      ],
      [{ w: { dtype: 'F32', shape: [2, -2], data_offsets: [0, 16] } }, /tensor w: shape \[2,-2\]/],
      [{ w: { dtype: 7, shape: [2, 2], data_offsets: [0, 16] } }, /tensor w: has no string dtype/],
      [
        { w: { dtype: 'F32', shape: [3, 2], data_offsets: [0, 16] } },
        /tensor w: data_offsets span 16 bytes .* needs 24/,
      ],
      [
        {
          a: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] },
          b: { dtype: 'F32', shape: [1, 2], data_offsets: [8, 16] },
        },
        /tensor b: data overlaps tensor a/,
      ],
      [{ w: 'nope' }, /tensor w: header entry is not an object/],
      [{ __metadata__: { a: 1 }, w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] } }, /__metadata__/],
    ];
    for (const [header, message] of cases) {
      const error = catchModelError(() => readSafetensors(rawSafetensors(header, data), 'bad.safetensors'));
      expect(error.code).toBe('SWIS_ERR_MODEL_FORMAT');
      expect(error.message).toContain('bad.safetensors');
      expect(error.message).toMatch(message);
    }
  });

  it('fails fast on a declared shape of 1e12 values, before allocating', () => {
    const header = { big: { dtype: 'F32', shape: [1_000_000, 1_000_000], data_offsets: [0, 16] } };
    const started = performance.now();
    const error = catchModelError(() =>
      readSafetensors(rawSafetensors(header, new Uint8Array(16)), 'h.safetensors'),
    );
    expect(performance.now() - started).toBeLessThan(100);
    expect(error.code).toBe('SWIS_ERR_MODEL_LIMIT');
    expect(error.message).toContain('h.safetensors, tensor big');
  });

  it('counts options.maxWeights over the whole file', () => {
    const bytes = makeSafetensors(CNN);
    // 12 + 72 + 36 = 120 weights in total; each tensor alone is within 100.
    const error = catchModelError(() => readSafetensors(bytes, 'm.safetensors', { maxWeights: 100 }));
    expect(error.code).toBe('SWIS_ERR_MODEL_LIMIT');
    expect(error.message).toMatch(/tensor conv2\.dw\.weight.*in total/);
    expect(readSafetensors(bytes, 'm.safetensors', { maxWeights: 120 }).layers).toHaveLength(3);
  });

  it('rejects non-finite weights naming the tensor', () => {
    const bytes = makeSafetensors([
      { name: 'ok', dtype: 'F32', shape: [1, 2], values: [1, 2] },
      { name: 'blown.weight', dtype: 'F16', shape: [1, 2], values: [1, 1e9] },
    ]);
    const error = catchModelError(() => readSafetensors(bytes, 'inf.safetensors'));
    expect(error.code).toBe('SWIS_ERR_MODEL_WEIGHTS');
    expect(error.message).toMatch(/inf\.safetensors, tensor blown\.weight: value Infinity at index 1/);
  });

  it('either reads or throws ModelError for 200 truncated or corrupted files', () => {
    const valid = makeSafetensors(CNN, { format: 'pt' }, DATA_ORDER);
    assertCorruptionsAreModelErrors(valid, (bytes) => readSafetensors(bytes, 'fuzz.safetensors'));
  });
});
