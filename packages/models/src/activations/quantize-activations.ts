/**
 * How activation statistics are defined (the definitions every file in this folder follows).
 *
 * Quantization to 8 bits. For each weight layer (conv, depthwise, dense) the profiled value is the layer's
 * input tensor as stored, i.e. before the zero padding the conv adds (padding zeros are not counted). One
 * scale per layer: s = max |a| over every element of every sample image. Each activation becomes the 8-bit
 * magnitude code q = round(|a| / s * 255), 0..255. After a ReLU all inputs are >= 0, so q is the unsigned
 * 8-bit activation itself; a layer with signed inputs (MobileNet-v2's linear bottlenecks feeding the expand
 * convs, the first conv's input when an image is normalized to [-1, 1]) is profiled by magnitude, its sign
 * being one extra bit handled by the lanes' +/- path. A layer whose inputs are all zero has q = 0 throughout.
 *
 * Precision Pa (Stripes-style profiling, dropping leading zero bits only, never low-order bits): the
 * smallest p in 1..8 such that at least 99.9 % of the layer's codes satisfy q < 2^p, i.e. at most 0.1 % of
 * the activations would clip if the layer ran at p bits.
 *
 * onesHistogram[k] (k = 0..8): fraction of codes with k one bits (Bit-Pragmatic's essential bits).
 * boothHistogram[k] (k = 0..4): fraction of codes whose non-adjacent form (NAF, the minimal signed-digit /
 * modified-Booth recoding Laconic uses) has k nonzero digits. An 8-bit code needs up to 5 NAF digits: the
 * eight codes 171, 173, 179, 181, 203, 205, 211 and 213 do (e.g. 171 = 256 - 64 - 16 - 4 - 1); the schema
 * stops at 4, so bucket 4 counts "4 or more".
 */

/** Codes per layer: 8-bit magnitudes 0..255. */
export const CODE_LEVELS = 256;

/** Fraction of activations that may clip when choosing Pa. */
export const CLIP_TOLERANCE = 0.001;

/** The 8-bit magnitude code of |a| at a layer scale s = max |a| (0 when s is 0). */
export function activationCode(a: number, scale: number): number {
  if (scale <= 0) return 0;
  return Math.min(CODE_LEVELS - 1, Math.round((Math.abs(a) / scale) * (CODE_LEVELS - 1)));
}

/** Number of one bits of a non-negative integer. */
export function onesCount(q: number): number {
  let n = 0;
  for (let v = q; v > 0; v >>>= 1) n += v & 1;
  return n;
}

/** Number of nonzero digits of the non-adjacent form (NAF) of a non-negative integer. */
export function nafTerms(q: number): number {
  let n = 0;
  let v = q;
  while (v > 0) {
    if (v & 1) {
      n++;
      // A run of ones ending here becomes -1 at this position and a carry upward (v % 4 === 3).
      v = (v & 3) === 3 ? v + 1 : v - 1;
    }
    v >>>= 1;
  }
  return n;
}

/** Bits a code needs after dropping leading zeros (0 for q = 0). */
export function bitLength(q: number): number {
  return q === 0 ? 0 : Math.floor(Math.log2(q)) + 1;
}
