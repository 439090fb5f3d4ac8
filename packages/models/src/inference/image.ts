/**
 * Image input for the reference forward pass: decoding JPEG / PNG files with pure-JS decoders and the
 * preprocessing nsfwjs applies (pixels / 255, then tf.image.resizeBilinear with alignCorners = true).
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { type Activation, zeros } from './tensor.js';

/** Decodes a JPEG or PNG (by its magic bytes) into an h x w x 3 activation of 0..255 values (alpha dropped, gray replicated). */
export function decodeImage(bytes: Uint8Array): Activation {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let rgba: { width: number; height: number; data: Uint8Array };
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    rgba = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  } else if (bytes[0] === 0x89 && bytes[1] === 0x50) {
    rgba = PNG.sync.read(buffer);
  } else {
    throw new RangeError('not a JPEG or PNG file');
  }
  const out = zeros(rgba.height, rgba.width, 3);
  for (let p = 0; p < rgba.width * rgba.height; p++) {
    for (let ch = 0; ch < 3; ch++) out.data[p * 3 + ch] = rgba.data[p * 4 + ch]!;
  }
  return out;
}

/** Every value times `factor` (e.g. 1 / 255). */
export function scaleValues(x: Activation, factor: number): Activation {
  const out = zeros(x.h, x.w, x.c);
  for (let i = 0; i < x.data.length; i++) out.data[i] = x.data[i]! * factor;
  return out;
}

/**
 * Bilinear resize as TensorFlow's resizeBilinear computes it: with alignCorners the corner pixels map onto
 * each other (source = dest * (in - 1) / (out - 1)); without, source = dest * in / out.
 */
export function resizeBilinear(x: Activation, h: number, w: number, alignCorners: boolean): Activation {
  const out = zeros(h, w, x.c);
  const ratio = (n: number, m: number) => (alignCorners && m > 1 ? (n - 1) / (m - 1) : n / m);
  const ry = ratio(x.h, h);
  const rx = ratio(x.w, w);
  for (let y = 0; y < h; y++) {
    const sy = y * ry;
    const y0 = Math.floor(sy);
    const y1 = Math.min(x.h - 1, Math.ceil(sy));
    const fy = sy - y0;
    for (let xx = 0; xx < w; xx++) {
      const sx = xx * rx;
      const x0 = Math.floor(sx);
      const x1 = Math.min(x.w - 1, Math.ceil(sx));
      const fx = sx - x0;
      for (let ch = 0; ch < x.c; ch++) {
        const at = (yy: number, xi: number) => x.data[(yy * x.w + xi) * x.c + ch]!;
        const top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * fx;
        const bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * fx;
        out.data[(y * w + xx) * x.c + ch] = top + (bottom - top) * fy;
      }
    }
  }
  return out;
}

/** nsfwjs's preprocessing: values / 255, resized bilinearly (alignCorners) to size x size, no crop. */
export function nsfwjsInput(image: Activation, size = 224): Activation {
  return resizeBilinear(scaleValues(image, 1 / 255), size, size, true);
}
