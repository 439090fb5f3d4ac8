import { describe, expect, it } from 'vitest';
import { conv2d, dense, depthwiseConv2d } from '../../src/inference/conv-ops.js';
import {
  add,
  avgPool,
  batchNormParams,
  globalAvgPool,
  pad,
  relu,
  scaleShift,
  softmax,
} from '../../src/inference/elementwise-ops.js';
import { activation } from '../../src/inference/tensor.js';
import { placeAxis } from '../../src/inference/window.js';

const f32 = (values: readonly number[]) => Float32Array.from(values);
const values = (x: { data: Float32Array }) => Array.from(x.data);

describe('window placement (TensorFlow rules)', () => {
  it('SAME puts the odd padding at the end', () => {
    expect(placeAxis(4, 3, 2, 1, 'same')).toEqual({ out: 2, before: 0 }); // total 1: 0 before, 1 after
    expect(placeAxis(5, 3, 2, 1, 'same')).toEqual({ out: 3, before: 1 }); // total 2
    expect(placeAxis(5, 3, 1, 2, 'same')).toEqual({ out: 5, before: 2 }); // dilated span 5
  });
  it('VALID and explicit padding', () => {
    expect(placeAxis(5, 3, 2, 1, 'valid')).toEqual({ out: 2, before: 0 });
    expect(placeAxis(4, 3, 2, 1, [0, 1])).toEqual({ out: 2, before: 0 });
    expect(() => placeAxis(2, 3, 1, 1, 'valid')).toThrow(RangeError);
  });
});

describe('conv2d', () => {
  // 3x3 input, 1 channel: 1..9.
  const x = activation(3, 3, 1, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  it('VALID 2x2 kernel, one filter', () => {
    const spec = {
      kernel: [2, 2],
      stride: [1, 1],
      dilation: [1, 1],
      padding: 'valid',
      outChannels: 1,
    } as const;
    // kernel [[1, 0], [0, -1]]: x[y][x] - x[y+1][x+1] = -4 everywhere
    const out = conv2d(x, { ...spec, weights: f32([1, 0, 0, -1]), bias: null });
    expect([out.h, out.w, out.c]).toEqual([2, 2, 1]);
    expect(values(out)).toEqual([-4, -4, -4, -4]);
  });
  it('SAME stride 2 with two filters and a bias (kernel [R, S, C, K], K fastest)', () => {
    // 3x3 ones kernel for filter 0, center-only kernel for filter 1; SAME on 3 with stride 2: 2 outputs, pad 1 before.
    const w: number[] = [];
    for (let i = 0; i < 9; i++) w.push(1, i === 4 ? 1 : 0);
    const out = conv2d(x, {
      kernel: [3, 3],
      stride: [2, 2],
      dilation: [1, 1],
      padding: 'same',
      outChannels: 2,
      weights: f32(w),
      bias: f32([0, 100]),
    });
    expect([out.h, out.w, out.c]).toEqual([2, 2, 2]);
    // windows centered at (0,0), (0,2), (2,0), (2,2)
    expect(values(out)).toEqual([
      1 + 2 + 4 + 5,
      101,
      2 + 3 + 5 + 6,
      103,
      4 + 5 + 7 + 8,
      107,
      5 + 6 + 8 + 9,
      109,
    ]);
  });
  it('sums over input channels', () => {
    const two = activation(1, 1, 2, [3, 5]);
    const out = conv2d(two, {
      kernel: [1, 1],
      stride: [1, 1],
      dilation: [1, 1],
      padding: 'valid',
      outChannels: 2,
      weights: f32([1, 2, 10, 20]), // [ci][co]
      bias: null,
    });
    expect(values(out)).toEqual([3 + 50, 6 + 100]);
  });
  it('rejects a kernel of the wrong size', () => {
    const spec = {
      kernel: [2, 2],
      stride: [1, 1],
      dilation: [1, 1],
      padding: 'valid',
      outChannels: 1,
    } as const;
    expect(() => conv2d(x, { ...spec, weights: f32([1, 2, 3]), bias: null })).toThrow(RangeError);
  });
});

describe('depthwiseConv2d', () => {
  it('filters each channel separately (kernel [R, S, C, M])', () => {
    // 2x2 input, channels (a, b): a = 1..4, b = 10..40.
    const x = activation(2, 2, 2, [1, 10, 2, 20, 3, 30, 4, 40]);
    // 1x2 kernel: channel 0 [1, 1], channel 1 [1, -1]
    const out = depthwiseConv2d(x, {
      kernel: [1, 2],
      stride: [1, 1],
      dilation: [1, 1],
      padding: 'valid',
      multiplier: 1,
      weights: f32([1, 1, 1, -1]),
      bias: null,
    });
    expect([out.h, out.w, out.c]).toEqual([2, 1, 2]);
    expect(values(out)).toEqual([3, -10, 7, -10]);
  });
  it('a depth multiplier of 2 gives output channel c * 2 + m', () => {
    const x = activation(1, 1, 2, [2, 3]);
    const out = depthwiseConv2d(x, {
      kernel: [1, 1],
      stride: [1, 1],
      dilation: [1, 1],
      padding: 'valid',
      multiplier: 2,
      weights: f32([1, 10, 100, 1000]),
      bias: f32([0, 0, 0, 1]),
    });
    expect(values(out)).toEqual([2, 20, 300, 3001]);
  });
});

describe('dense', () => {
  const x = activation(1, 1, 3, [1, 2, 3]);
  it('kernel [in, out] plus bias', () => {
    const out = dense(x, f32([1, 0, 0, 1, 1, 1]), 2, f32([0.5, -0.5]));
    expect(values(out)).toEqual([1 + 3 + 0.5, 2 + 3 - 0.5]);
  });
  it('transposed kernel [out, in] (MatMul transpose_b)', () => {
    const out = dense(x, f32([1, 0, 1, 0, 1, 1]), 2, null, true);
    expect(values(out)).toEqual([4, 5]);
  });
});

describe('elementwise ops', () => {
  it('relu and relu6', () => {
    const x = activation(1, 1, 4, [-1, 0.5, 7, 0]);
    expect(values(relu(x))).toEqual([0, 0.5, 7, 0]);
    expect(values(relu(x, 6))).toEqual([0, 0.5, 6, 0]);
  });
  it('batch norm: (x - mean) / sqrt(var + eps) * gamma + beta', () => {
    const { scale, offset } = batchNormParams(f32([2]), f32([1]), f32([3]), f32([4 - 1e-3]), 1e-3);
    const out = scaleShift(activation(1, 2, 1, [3, 5]), scale, offset);
    expect(values(out)[0]).toBeCloseTo(1, 6);
    expect(values(out)[1]).toBeCloseTo(((5 - 3) / 2) * 2 + 1, 6);
  });
  it('add, pad, pooling, softmax', () => {
    expect(values(add([activation(1, 1, 2, [1, 2]), activation(1, 1, 2, [10, 20])]))).toEqual([11, 22]);
    const padded = pad(activation(1, 1, 1, [5]), [0, 1, 1, 0]);
    expect([padded.h, padded.w, values(padded)]).toEqual([2, 2, [0, 5, 0, 0]]);
    const x = activation(2, 2, 1, [1, 2, 3, 6]);
    expect(values(globalAvgPool(x))).toEqual([3]);
    // SAME 2x2 stride 1 over 2x2: padding at the end is excluded from the average
    expect(values(avgPool(x, { kernel: [2, 2], stride: [1, 1], padding: 'same' }))).toEqual([3, 4, 4.5, 6]);
    const p = values(softmax(activation(1, 1, 2, [0, Math.log(3)])));
    expect(p[0]).toBeCloseTo(0.25, 6);
    expect(p[1]).toBeCloseTo(0.75, 6);
  });
});
