/** Weight-free ops of the reference forward pass (NHWC batch 1, float32); each returns a new tensor. */
import { type Activation, zeros } from './tensor.js';
import { placeWindow, type Window } from './window.js';

function map(x: Activation, f: (v: number) => number): Activation {
  const out = zeros(x.h, x.w, x.c);
  for (let i = 0; i < x.data.length; i++) out.data[i] = f(x.data[i]!);
  return out;
}

/** max(x, 0), capped at `max` when given (ReLU6: max = 6). */
export function relu(x: Activation, max = Number.POSITIVE_INFINITY): Activation {
  return map(x, (v) => Math.min(Math.max(v, 0), max));
}

/** x * scale[c] + offset[c] per channel (batch norm at inference, or a folded Mul / Add pair). */
export function scaleShift(
  x: Activation,
  scale: Float32Array | null,
  offset: Float32Array | null,
): Activation {
  const out = zeros(x.h, x.w, x.c);
  for (let i = 0; i < x.data.length; i += x.c) {
    for (let ch = 0; ch < x.c; ch++) {
      out.data[i + ch] =
        x.data[i + ch]! * (scale === null ? 1 : scale[ch]!) + (offset === null ? 0 : offset[ch]!);
    }
  }
  return out;
}

/** Batch normalization with moving statistics, as scale = gamma / sqrt(var + eps), offset = beta - mean * scale. */
export function batchNormParams(
  gamma: Float32Array | null,
  beta: Float32Array | null,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
): { scale: Float32Array; offset: Float32Array } {
  const scale = new Float32Array(mean.length);
  const offset = new Float32Array(mean.length);
  for (let i = 0; i < mean.length; i++) {
    scale[i] = (gamma === null ? 1 : gamma[i]!) / Math.sqrt(variance[i]! + epsilon);
    offset[i] = (beta === null ? 0 : beta[i]!) - mean[i]! * scale[i]!;
  }
  return { scale, offset };
}

/** Elementwise sum of same-shaped tensors (residual Add). */
export function add(inputs: readonly Activation[]): Activation {
  const [first, ...rest] = inputs;
  if (first === undefined) throw new RangeError('add of no tensors');
  const out = zeros(first.h, first.w, first.c);
  out.data.set(first.data);
  for (const x of rest) {
    if (x.data.length !== first.data.length) throw new RangeError('add of tensors of different sizes');
    for (let i = 0; i < x.data.length; i++) out.data[i]! += x.data[i]!;
  }
  return out;
}

/** Zero padding by [top, left, bottom, right]. */
export function pad(
  x: Activation,
  [top, left, bottom, right]: readonly [number, number, number, number],
): Activation {
  const out = zeros(x.h + top + bottom, x.w + left + right, x.c);
  for (let y = 0; y < x.h; y++) {
    const src = x.data.subarray(y * x.w * x.c, (y + 1) * x.w * x.c);
    out.data.set(src, ((y + top) * out.w + left) * x.c);
  }
  return out;
}

/** Average pooling; with SAME padding the average is over the window's in-bounds elements (as TensorFlow). */
export function avgPool(x: Activation, win: Omit<Window, 'dilation'>): Activation {
  const { rows, cols } = placeWindow(x.h, x.w, { ...win, dilation: [1, 1] });
  const out = zeros(rows.out, cols.out, x.c);
  for (let oy = 0; oy < rows.out; oy++) {
    for (let ox = 0; ox < cols.out; ox++) {
      const o = (oy * cols.out + ox) * x.c;
      let count = 0;
      for (let ky = 0; ky < win.kernel[0]; ky++) {
        const iy = oy * win.stride[0] - rows.before + ky;
        if (iy < 0 || iy >= x.h) continue;
        for (let kx = 0; kx < win.kernel[1]; kx++) {
          const ix = ox * win.stride[1] - cols.before + kx;
          if (ix < 0 || ix >= x.w) continue;
          count++;
          const i = (iy * x.w + ix) * x.c;
          for (let ch = 0; ch < x.c; ch++) out.data[o + ch]! += x.data[i + ch]!;
        }
      }
      for (let ch = 0; ch < x.c; ch++) out.data[o + ch]! /= count;
    }
  }
  return out;
}

/** Mean over height and width: a 1 x 1 x c tensor. */
export function globalAvgPool(x: Activation): Activation {
  return avgPool(x, { kernel: [x.h, x.w], stride: [1, 1], padding: 'valid' });
}

/** Softmax over the channels of each pixel (over the vector for a 1 x 1 x n tensor). */
export function softmax(x: Activation): Activation {
  const out = zeros(x.h, x.w, x.c);
  for (let i = 0; i < x.data.length; i += x.c) {
    let max = Number.NEGATIVE_INFINITY;
    for (let ch = 0; ch < x.c; ch++) max = Math.max(max, x.data[i + ch]!);
    let sum = 0;
    for (let ch = 0; ch < x.c; ch++) {
      const e = Math.exp(x.data[i + ch]! - max);
      out.data[i + ch] = e;
      sum += e;
    }
    for (let ch = 0; ch < x.c; ch++) out.data[i + ch]! /= sum;
  }
  return out;
}

/** A named activation function as Keras configs and TensorFlow ops name them. */
export function activate(x: Activation, name: string): Activation {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return relu(x);
    case 'relu6':
      return relu(x, 6);
    case 'softmax':
      return softmax(x);
    case 'sigmoid':
      return map(x, (v) => 1 / (1 + Math.exp(-v)));
    case 'tanh':
      return map(x, Math.tanh);
    default:
      throw new RangeError(`unsupported activation ${name}`);
  }
}
