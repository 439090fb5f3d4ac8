import type { LabeledImages } from '@swis-dse/datasets';
import { resizeBilinear } from '@swis-dse/models';
import type { Batch } from './batched-run.js';

/**
 * Images `start`..`start + n` of a grayscale set as an N x 3 x size x size batch the way nsfwjs feeds a
 * photo: pixels / 255, bilinear resize with alignCorners, and gray replicated into the 3 RGB channels.
 */
export function fashionBatch(set: LabeledImages, start: number, n: number, size: number): Batch {
  const { height, width } = set;
  const pixels = height * width;
  const plane = size * size;
  const data = new Float32Array(n * 3 * plane);
  for (let i = 0; i < n; i++) {
    const offset = (start + i) * pixels;
    const gray = Float32Array.from(set.pixels.subarray(offset, offset + pixels), (v) => v / 255);
    const resized = resizeBilinear({ h: height, w: width, c: 1, data: gray }, size, size, true).data;
    for (let ch = 0; ch < 3; ch++) data.set(resized, (i * 3 + ch) * plane);
  }
  return { data, dims: [n, 3, size, size] };
}
