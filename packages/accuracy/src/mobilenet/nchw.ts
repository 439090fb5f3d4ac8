import type { Activation } from '@swis-dse/models';

/** Packs same-sized h x w x c activations (NHWC, batch 1 each) into one N x c x h x w batch. */
export function nchwBatch(images: readonly Activation[]): {
  data: Float32Array;
  dims: [number, number, number, number];
} {
  const first = images[0];
  if (first === undefined) throw new RangeError('an empty batch');
  const { h, w, c } = first;
  const plane = h * w;
  const data = new Float32Array(images.length * c * plane);
  images.forEach((image, n) => {
    if (image.h !== h || image.w !== w || image.c !== c)
      throw new RangeError('images of different sizes in one batch');
    for (let p = 0; p < plane; p++) {
      for (let ch = 0; ch < c; ch++) data[(n * c + ch) * plane + p] = image.data[p * c + ch]!;
    }
  });
  return { data, dims: [images.length, c, h, w] };
}
