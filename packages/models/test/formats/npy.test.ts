import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { readNpy } from '../../src/formats/npy.js';
import { catchModelError } from '../helpers/catch-model-error.js';
import { assertCorruptionsAreModelErrors } from '../helpers/fuzz.js';
import { makeNpy } from '../helpers/make-npy.js';

const K = 2;
const C = 3;
const R = 2;
const S = 2;
const SEQUENCE = Array.from({ length: K * C * R * S }, (_, i) => i);

/** Index of PyTorch element [k, c, r, s] in swis-core's [K][R][S][C] layout. */
const swisIndex = (k: number, c: number, r: number, s: number) => ((k * R + r) * S + s) * C + c;

describe('readNpy', () => {
  it('reads a 4-D float32 array as one conv layer in [K][R][S][C] layout', () => {
    const net = readNpy(makeNpy({ shape: [K, C, R, S], values: SEQUENCE }), 'weights/stem.conv.npy');
    expect(net.name).toBe('stem.conv');
    expect(net.metadata.source).toBe('npy file stem.conv.npy');
    expect(net.layers).toHaveLength(1);
    const [layer] = net.layers;
    expect(layer).toMatchObject({
      name: 'stem.conv',
      kind: 'conv',
      shape: [K, C, R, S],
      groups: 1,
      stride: [1, 1],
      padding: [0, 0, 0, 0],
      inputSize: null,
    });
    for (let k = 0; k < K; k++)
      for (let c = 0; c < C; c++)
        for (let r = 0; r < R; r++)
          for (let s = 0; s < S; s++) {
            expect(layer!.weights[swisIndex(k, c, r, s)]).toBe(((k * C + c) * R + r) * S + s);
          }
  });

  it('keeps a one-channel 4-D array a plain conv (depthwise is ambiguous without a graph)', () => {
    const net = readNpy(makeNpy({ shape: [4, 1, 3, 3], values: new Array(36).fill(0.5) }), 'dw.npy');
    expect(net.layers[0]).toMatchObject({ kind: 'conv', groups: 1, shape: [4, 1, 3, 3] });
  });

  it('takes the input size of a conv layer from options.inputSize', () => {
    const bytes = makeNpy({ shape: [K, C, R, S], values: SEQUENCE });
    expect(readNpy(bytes, 'c.npy', { inputSize: [8, 6] }).layers[0]!.inputSize).toEqual([8, 6]);
  });

  it('reads a 2-D array as a dense [out, in] layer that sees one vector', () => {
    const net = readNpy(makeNpy({ shape: [2, 3], values: [1, 2, 3, 4, 5, 6] }), 'fc.npy');
    expect(net.layers[0]).toMatchObject({ kind: 'dense', shape: [2, 3, 1, 1], inputSize: [1, 1] });
    expect([...net.layers[0]!.weights]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each([1, 2, 3] as const)('reads format version %i headers', (version) => {
    const net = readNpy(makeNpy({ shape: [2, 2], values: [1, -2, 3, -4], version }), 'v.npy');
    expect([...net.layers[0]!.weights]).toEqual([1, -2, 3, -4]);
  });

  it.each(['<f4', '>f4', '<f8', '>f8', '<f2', '>f2'])('decodes dtype %s', (descr) => {
    const values = [0.5, -2, 65504, 1024.5, 0.25, -0.125];
    const net = readNpy(makeNpy({ shape: [3, 2], values, descr }), 'w.npy');
    expect([...net.layers[0]!.weights]).toEqual(
      values.map((v) => (descr.endsWith('2') && v === 1024.5 ? 1024 : v)),
    );
  });

  it('reads bytes that sit at an odd offset of a larger buffer', () => {
    const file = makeNpy({ shape: [2, 2], values: [1.5, -2, 3, 4], descr: '<f8' });
    const shifted = new Uint8Array(file.length + 3);
    shifted.set(file, 3);
    expect([...readNpy(shifted.subarray(3), 'odd.npy').layers[0]!.weights]).toEqual([1.5, -2, 3, 4]);
  });

  it('decodes float16 subnormals exactly', () => {
    const tiny = 2 ** -24;
    const net = readNpy(makeNpy({ shape: [1, 2], values: [tiny, -3 * tiny], descr: '<f2' }), 'h.npy');
    expect([...net.layers[0]!.weights]).toEqual([tiny, -3 * tiny]);
  });

  it('reorders Fortran-order data into C order', () => {
    const fortran = readNpy(makeNpy({ shape: [K, C, R, S], values: SEQUENCE, fortran: true }), 'f.npy');
    const c = readNpy(makeNpy({ shape: [K, C, R, S], values: SEQUENCE }), 'c.npy');
    expect([...fortran.layers[0]!.weights]).toEqual([...c.layers[0]!.weights]);
    const dense = readNpy(makeNpy({ shape: [2, 3], values: [1, 2, 3, 4, 5, 6], fortran: true }), 'fd.npy');
    expect([...dense.layers[0]!.weights]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('accepts Python 2 style long integers in the shape', () => {
    const bytes = makeNpy({
      shape: [1, 2],
      values: [1, 2],
      header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1L, 2L), }",
    });
    expect(readNpy(bytes, 'py2.npy').layers[0]!.shape).toEqual([1, 2, 1, 1]);
  });

  it('rejects other ranks naming the file and the shape', () => {
    const error = catchModelError(() =>
      readNpy(makeNpy({ shape: [2, 3, 4], values: new Array(24).fill(1) }), 'emb.npy'),
    );
    expect(error.code).toBe('SWIS_ERR_MODEL_WEIGHTS');
    expect(error.message).toContain('emb.npy');
    expect(error.message).toContain('tensor emb');
    expect(error.message).toContain('(2, 3, 4)');
    expect(() => readNpy(makeNpy({ shape: [5], values: [1, 2, 3, 4, 5] }), 'bias.npy')).toThrow(
      /bias\.npy.*\(5\)/,
    );
  });

  it('rejects integer and structured dtypes', () => {
    const error = catchModelError(() =>
      readNpy(makeNpy({ shape: [1, 2], values: [1, 2], descr: '<i8' }), 'int.npy'),
    );
    expect(error.code).toBe('SWIS_ERR_MODEL_WEIGHTS');
    expect(error.message).toMatch(/int\.npy.*<i8/);
    const structured = makeNpy({
      shape: [1, 2],
      values: [1, 2],
      header: "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1, 2), }",
    });
    expect(() => readNpy(structured, 'rec.npy')).toThrow(/rec\.npy.*structured/);
  });

  it('rejects a wrong magic, a truncated header and truncated data', () => {
    const good = makeNpy({ shape: [2, 2], values: [1, 2, 3, 4] });
    const wrong = good.slice();
    wrong[1] = 0x4d;
    expect(() => readNpy(wrong, 'bad.npy')).toThrow(ModelError);
    expect(() => readNpy(wrong, 'bad.npy')).toThrow(/bad\.npy.*magic/);
    expect(() => readNpy(good.subarray(0, 40), 'cut.npy')).toThrow(/cut\.npy.*header of \d+ bytes runs past/);
    const error = catchModelError(() => readNpy(good.subarray(0, good.length - 3), 'short.npy'));
    expect(error.code).toBe('SWIS_ERR_MODEL_FORMAT');
    expect(error.message).toMatch(/short\.npy, tensor short: has 13 data bytes .* needs 16/);
    expect(() => readNpy(new Uint8Array(0), 'empty.npy')).toThrow(ModelError);
    expect(() =>
      readNpy(makeNpy({ shape: [1, 1], values: [1], version: 3 }).subarray(0, 11), 'v3.npy'),
    ).toThrow(ModelError);
  });

  it('rejects a header that is not a Python dict literal', () => {
    for (const header of [
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2)",
      "{'descr': '<f4' 'fortran_order': False}",
      'garbage',
      "{'descr': '<f4', 'fortran_order': 'no', 'shape': (2, 2), }",
      "{'descr': '<f4', 'fortran_order': False, 'shape': [[[[[[[[[[[[[[[[[[[[2]]]]]]]]]]]]]]]]]]], }",
      "{'descr': '<f4', 'fortran_order': False, 'shape': ('a', 2), }",
    ]) {
      const error = catchModelError(() =>
        readNpy(makeNpy({ shape: [2, 2], values: [1, 2, 3, 4], header }), 'h.npy'),
      );
      expect(error.code).toBe('SWIS_ERR_MODEL_FORMAT');
      expect(error.message).toContain('h.npy');
    }
  });

  it('fails fast on a declared shape of 1e12 values, before allocating', () => {
    const bytes = makeNpy({
      shape: [1, 1],
      values: [1],
      header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }",
    });
    const started = performance.now();
    const error = catchModelError(() => readNpy(bytes, 'huge.npy'));
    expect(performance.now() - started).toBeLessThan(100);
    expect(error.code).toBe('SWIS_ERR_MODEL_LIMIT');
    expect(error.message).toContain('huge.npy, tensor huge');
  });

  it('honours options.maxWeights', () => {
    const bytes = makeNpy({ shape: [4, 4], values: new Array(16).fill(1) });
    expect(() => readNpy(bytes, 'w.npy', { maxWeights: 15 })).toThrow(/limit of 15/);
    expect(readNpy(bytes, 'w.npy', { maxWeights: 16 }).layers).toHaveLength(1);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('rejects a %s weight naming the tensor', (bad) => {
    const error = catchModelError(() =>
      readNpy(makeNpy({ shape: [2, 2], values: [1, bad, 3, 4] }), 'nan.npy'),
    );
    expect(error.code).toBe('SWIS_ERR_MODEL_WEIGHTS');
    expect(error.message).toMatch(/nan\.npy, tensor nan: value (NaN|Infinity) at index 1/);
  });

  it('rejects float16 infinities', () => {
    const bytes = makeNpy({ shape: [1, 2], values: [1, 1e6], descr: '<f2' });
    expect(() => readNpy(bytes, 'inf16.npy')).toThrow(/inf16\.npy.*Infinity/);
  });

  it('either reads or throws ModelError for 200 truncated or corrupted files', () => {
    const valid = makeNpy({ shape: [K, C, R, S], values: SEQUENCE });
    assertCorruptionsAreModelErrors(valid, (bytes) => readNpy(bytes, 'fuzz.npy'));
  });
});
