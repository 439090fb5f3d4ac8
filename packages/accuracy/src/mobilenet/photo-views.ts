/**
 * Deterministic views of a photograph, as test-time augmentation produces them: the full image, its four
 * corner crops and its center crop at 80% of each side, each also mirrored left-right (12 views), every
 * view preprocessed as nsfwjs does (/255, bilinear resize with alignCorners to size x size).
 */
import { type Activation, nsfwjsInput } from '@swis-dse/models';

/** Side of the cropped views, relative to the photo's. */
const CROP = 0.8;

export function photoViews(image: Activation, size = 224): Activation[] {
  const h = Math.round(image.h * CROP);
  const w = Math.round(image.w * CROP);
  const bottom = image.h - h;
  const right = image.w - w;
  const windows: [number, number, number, number][] = [
    [0, 0, image.h, image.w],
    [0, 0, h, w],
    [0, right, h, w],
    [bottom, 0, h, w],
    [bottom, right, h, w],
    [Math.floor(bottom / 2), Math.floor(right / 2), h, w],
  ];
  return windows.flatMap(([top, left, ch, cw]) => {
    const view = nsfwjsInput(crop(image, top, left, ch, cw), size);
    return [view, mirror(view)];
  });
}

/** The h x w window of `image` whose top-left pixel is (top, left). */
export function crop(image: Activation, top: number, left: number, h: number, w: number): Activation {
  if (top < 0 || left < 0 || top + h > image.h || left + w > image.w)
    throw new RangeError('crop outside the image');
  const { c } = image;
  const data = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) {
    const from = ((top + y) * image.w + left) * c;
    data.set(image.data.subarray(from, from + w * c), y * w * c);
  }
  return { h, w, c, data };
}

/** `image` flipped left-right. */
export function mirror(image: Activation): Activation {
  const { h, w, c } = image;
  const data = new Float32Array(image.data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const from = (y * w + (w - 1 - x)) * c;
      data.set(image.data.subarray(from, from + c), (y * w + x) * c);
    }
  }
  return { h, w, c, data };
}
