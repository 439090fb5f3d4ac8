/** Decoding of the floating-point encodings model files store weights in, into float32. */

/** A stored float encoding: IEEE half, bfloat16, single or double precision. */
export type FloatEncoding = 'f16' | 'bf16' | 'f32' | 'f64';

/** Bytes per value of each encoding. */
export const FLOAT_BYTES: Readonly<Record<FloatEncoding, number>> = { f16: 2, bf16: 2, f32: 4, f64: 8 };

/** IEEE 754 half-precision bits (in the low 16 bits of `bits`) as a number, subnormals, infinities and NaN included. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** bfloat16 bits as a number: bfloat16 is the upper half of a float32, so widening is exact. */
export function bfloat16ToFloat(bits: number): number {
  scratch.setUint32(0, (bits & 0xffff) << 16);
  return scratch.getFloat32(0);
}

const scratch = new DataView(new ArrayBuffer(4));

/**
 * Decodes `count` values of `encoding` from `bytes` (which must hold exactly count x FLOAT_BYTES bytes; the
 * caller checks). Reads through a DataView because the bytes may sit at any offset of a shared buffer.
 */
export function decodeFloats(
  bytes: Uint8Array,
  encoding: FloatEncoding,
  littleEndian: boolean,
  count: number,
): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  switch (encoding) {
    case 'f16':
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, littleEndian));
      break;
    case 'bf16':
      for (let i = 0; i < count; i++) out[i] = bfloat16ToFloat(view.getUint16(i * 2, littleEndian));
      break;
    case 'f32':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, littleEndian);
      break;
    case 'f64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, littleEndian);
      break;
  }
  return out;
}
