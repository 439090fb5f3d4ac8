import type { Tensor } from './tensor.js';

/** Mean over each image's pixels: [n, h, w, c] -> [n, c]. */
export function globalAvgPool(x: Tensor, out: Float32Array): Float32Array {
  const { n, channels } = x;
  const pixels = x.height * x.width;
  const y = out.subarray(0, n * channels);
  y.fill(0);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < pixels; p++) {
      const base = (b * pixels + p) * channels;
      for (let c = 0; c < channels; c++) y[b * channels + c] = y[b * channels + c]! + x.data[base + c]!;
    }
  }
  for (let i = 0; i < y.length; i++) y[i] = y[i]! / pixels;
  return y;
}

/** Spreads dy [n, c] evenly over the pixels it averaged: dx [n, h, w, c] (overwritten). */
export function globalAvgPoolBackward(x: Tensor, dy: Float32Array, dx: Float32Array): Float32Array {
  const { n, channels } = x;
  const pixels = x.height * x.width;
  const out = dx.subarray(0, x.data.length);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < pixels; p++) {
      const base = (b * pixels + p) * channels;
      for (let c = 0; c < channels; c++) out[base + c] = dy[b * channels + c]! / pixels;
    }
  }
  return out;
}
