import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage, nsfwjsInput, resizeBilinear } from '../../src/inference/image.js';
import { activation } from '../../src/inference/tensor.js';

describe('resizeBilinear (TensorFlow semantics)', () => {
  const x = activation(2, 2, 1, [0, 10, 20, 30]);
  it('alignCorners maps corners onto corners: 2x2 -> 3x3 adds the midpoints', () => {
    expect(Array.from(resizeBilinear(x, 3, 3, true).data)).toEqual([0, 5, 10, 10, 15, 20, 20, 25, 30]);
  });
  it('without alignCorners source = dest * in / out, clamped at the edge', () => {
    // 2 -> 4: sources 0, 0.5, 1, 1.5 (the last clamps to row / column 1)
    const out = Array.from(resizeBilinear(x, 4, 4, false).data);
    expect(out.slice(0, 4)).toEqual([0, 5, 10, 10]);
    expect(out.slice(12)).toEqual([20, 25, 30, 30]);
  });
});

describe('decodeImage', () => {
  it('PNG: RGBA with alpha dropped', () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data = Buffer.from([1, 2, 3, 255, 250, 251, 252, 0]);
    const image = decodeImage(PNG.sync.write(png));
    expect([image.h, image.w, image.c, Array.from(image.data)]).toEqual([1, 2, 3, [1, 2, 3, 250, 251, 252]]);
  });
  it('JPEG: a flat color survives lossy coding within a few levels', () => {
    const data = Buffer.alloc(8 * 8 * 4);
    for (let i = 0; i < 64; i++) data.set([200, 100, 50, 255], i * 4);
    const image = decodeImage(jpeg.encode({ data, width: 8, height: 8 }, 95).data);
    expect([image.h, image.w]).toEqual([8, 8]);
    for (const [i, v] of [200, 100, 50].entries())
      expect(Math.abs(image.data[i]! - v)).toBeLessThanOrEqual(3);
  });
  it('rejects other formats', () => {
    expect(() => decodeImage(new Uint8Array([0x47, 0x49, 0x46]))).toThrow(RangeError);
  });
  it('nsfwjs preprocessing: / 255 then 224x224', () => {
    const input = nsfwjsInput(activation(2, 2, 3, new Array(12).fill(255)));
    expect([input.h, input.w, input.c]).toEqual([224, 224, 3]);
    expect(input.data.every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
  });
});
