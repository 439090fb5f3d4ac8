import type { Architecture } from '../model/architecture.js';

/** Grayscale labeled images, stored contiguously (the shape @swis-dse/datasets loads). */
export interface ImageSet {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
}

/**
 * Writes images `indices` into a model input buffer, normalized as the architecture expects; `flip[i]`
 * mirrors image i horizontally (training augmentation).
 */
export function writeBatch(
  arch: Architecture,
  set: ImageSet,
  indices: ArrayLike<number>,
  into: Float32Array,
  flip?: ArrayLike<boolean>,
): void {
  const { height, width } = set;
  if (height !== arch.input.height || width !== arch.input.width || arch.input.channels !== 1) {
    throw new RangeError(
      `${arch.name} takes ${arch.input.height} x ${arch.input.width} x ${arch.input.channels} images, got ${height} x ${width} x 1`,
    );
  }
  const size = height * width;
  const scale = 1 / (255 * arch.input.std);
  const shift = arch.input.mean / arch.input.std;
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i]! * size;
    const to = i * size;
    const mirror = flip?.[i] === true;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const source = from + y * width + (mirror ? width - 1 - x : x);
        into[to + y * width + x] = set.pixels[source]! * scale - shift;
      }
    }
  }
}
