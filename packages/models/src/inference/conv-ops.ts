/**
 * Weight-layer ops of the reference forward pass over NHWC batch-1 float32 tensors, with TensorFlow's
 * kernel layouts: conv [R, S, C, K], depthwise [R, S, C, M] (output channel c * M + m), dense [in, out].
 * Accumulation is in float32 like TensorFlow.js's CPU backend.
 */
import { type Activation, zeros } from './tensor.js';
import { placeWindow, type Window } from './window.js';

/** A convolution kernel and where it slides. */
export interface ConvSpec extends Window {
  /** [R, S, C, K] row-major (K fastest). */
  readonly weights: Float32Array;
  readonly outChannels: number;
  /** One value per output channel, or null. */
  readonly bias: Float32Array | null;
}

function checkKernel(weights: Float32Array, expected: number, what: string): void {
  if (weights.length !== expected) {
    throw new RangeError(`${what} kernel holds ${weights.length} values, expected ${expected}`);
  }
}

/** Standard 2-D convolution. Skips zero inputs (ReLU outputs are often zero), which changes no result. */
export function conv2d(x: Activation, spec: ConvSpec): Activation {
  const [kh, kw] = spec.kernel;
  const k = spec.outChannels;
  const cin = x.c;
  checkKernel(spec.weights, kh * kw * cin * k, 'conv');
  const { rows, cols } = placeWindow(x.h, x.w, spec);
  const out = zeros(rows.out, cols.out, k);
  const w = spec.weights;
  const acc = out.data;
  for (let oy = 0; oy < rows.out; oy++) {
    for (let ox = 0; ox < cols.out; ox++) {
      const o = (oy * cols.out + ox) * k;
      for (let ky = 0; ky < kh; ky++) {
        const iy = oy * spec.stride[0] - rows.before + ky * spec.dilation[0];
        if (iy < 0 || iy >= x.h) continue;
        for (let kx = 0; kx < kw; kx++) {
          const ix = ox * spec.stride[1] - cols.before + kx * spec.dilation[1];
          if (ix < 0 || ix >= x.w) continue;
          const i = (iy * x.w + ix) * cin;
          const wBase = (ky * kw + kx) * cin * k;
          for (let ci = 0; ci < cin; ci++) {
            const a = x.data[i + ci]!;
            if (a === 0) continue;
            const wi = wBase + ci * k;
            for (let co = 0; co < k; co++) acc[o + co]! += a * w[wi + co]!;
          }
        }
      }
    }
  }
  if (spec.bias !== null) addChannelBias(out, spec.bias);
  return out;
}

/** A depthwise kernel [R, S, C, M] and where it slides. */
export interface DepthwiseSpec extends Window {
  readonly weights: Float32Array;
  readonly multiplier: number;
  readonly bias: Float32Array | null;
}

/** Depthwise convolution: input channel c feeds output channels c * M .. c * M + M - 1. */
export function depthwiseConv2d(x: Activation, spec: DepthwiseSpec): Activation {
  const [kh, kw] = spec.kernel;
  const m = spec.multiplier;
  const c = x.c;
  checkKernel(spec.weights, kh * kw * c * m, 'depthwise');
  const { rows, cols } = placeWindow(x.h, x.w, spec);
  const k = c * m;
  const out = zeros(rows.out, cols.out, k);
  const w = spec.weights;
  const acc = out.data;
  for (let oy = 0; oy < rows.out; oy++) {
    for (let ox = 0; ox < cols.out; ox++) {
      const o = (oy * cols.out + ox) * k;
      for (let ky = 0; ky < kh; ky++) {
        const iy = oy * spec.stride[0] - rows.before + ky * spec.dilation[0];
        if (iy < 0 || iy >= x.h) continue;
        for (let kx = 0; kx < kw; kx++) {
          const ix = ox * spec.stride[1] - cols.before + kx * spec.dilation[1];
          if (ix < 0 || ix >= x.w) continue;
          const i = (iy * x.w + ix) * c;
          const wBase = (ky * kw + kx) * k;
          for (let ci = 0; ci < c; ci++) {
            const a = x.data[i + ci]!;
            for (let j = 0; j < m; j++) acc[o + ci * m + j]! += a * w[wBase + ci * m + j]!;
          }
        }
      }
    }
  }
  if (spec.bias !== null) addChannelBias(out, spec.bias);
  return out;
}

/**
 * Fully connected layer over the flattened input (h * w * c values in NHWC order): kernel [in, out], or
 * [out, in] when `transposed` (TensorFlow MatMul with transpose_b).
 */
export function dense(
  x: Activation,
  weights: Float32Array,
  units: number,
  bias: Float32Array | null,
  transposed = false,
): Activation {
  const n = x.data.length;
  checkKernel(weights, n * units, 'dense');
  const out = zeros(1, 1, units);
  const acc = out.data;
  for (let i = 0; i < n; i++) {
    const a = x.data[i]!;
    if (a === 0) continue;
    if (transposed) for (let u = 0; u < units; u++) acc[u]! += a * weights[u * n + i]!;
    else for (let u = 0; u < units; u++) acc[u]! += a * weights[i * units + u]!;
  }
  if (bias !== null) addChannelBias(out, bias);
  return out;
}

/** Adds a per-channel bias in place. */
export function addChannelBias(x: Activation, bias: Float32Array): void {
  if (bias.length !== x.c) throw new RangeError(`bias of ${bias.length} for ${x.c} channels`);
  for (let i = 0; i < x.data.length; i += x.c) {
    for (let ch = 0; ch < x.c; ch++) x.data[i + ch]! += bias[ch]!;
  }
}
