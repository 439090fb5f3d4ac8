import { describe, expect, it } from 'vitest';
import { crop, mirror, photoViews } from '../src/mobilenet/photo-views.js';

const image = { h: 10, w: 20, c: 3, data: Float32Array.from({ length: 600 }, (_, i) => i % 256) };

describe('photoViews', () => {
  it('makes 12 preprocessed views, the second the mirror of the first', () => {
    const views = photoViews(image, 8);
    expect(views).toHaveLength(12);
    expect(views.every((v) => v.h === 8 && v.w === 8 && v.c === 3)).toBe(true);
    expect(views[1]!.data).toEqual(mirror(views[0]!).data);
    expect(Math.max(...views[0]!.data)).toBeLessThanOrEqual(1);
  });

  it('crops the window at the given corner', () => {
    const window = crop(image, 2, 5, 3, 4);
    expect(window.data.subarray(0, 3)).toEqual(image.data.subarray((2 * 20 + 5) * 3, (2 * 20 + 5) * 3 + 3));
    expect(() => crop(image, 8, 0, 3, 4)).toThrow(RangeError);
  });

  it('mirrors back to the original', () => {
    expect(mirror(mirror(image)).data).toEqual(image.data);
  });
});
