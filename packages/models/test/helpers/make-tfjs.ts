/** Builds TensorFlow.js weight manifests and shard bytes for tests. */

/** One tensor to store: float32 / int32 values, or raw stored values with a quantization spec. */
export interface TensorSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: readonly number[];
  readonly dtype?: 'float32' | 'int32';
  readonly quantization?:
    | { readonly dtype: 'uint8' | 'uint16'; readonly scale: number; readonly min: number }
    | { readonly dtype: 'float16' };
}

/** A weightsManifest of one group plus the group's bytes, little-endian as tfjs writes them. */
export function makeWeights(tensors: readonly TensorSpec[]): { manifest: unknown[]; bytes: Uint8Array } {
  const chunks: Uint8Array[] = [];
  for (const t of tensors) {
    const storage = t.quantization?.dtype ?? t.dtype ?? 'float32';
    const size = storage === 'uint8' ? 1 : storage === 'uint16' || storage === 'float16' ? 2 : 4;
    const view = new DataView(new ArrayBuffer(t.values.length * size));
    t.values.forEach((v, i) => {
      if (storage === 'float32') view.setFloat32(i * 4, v, true);
      else if (storage === 'int32') view.setInt32(i * 4, v, true);
      else if (storage === 'uint8') view.setUint8(i, v);
      else view.setUint16(i * 2, v, true);
    });
    chunks.push(new Uint8Array(view.buffer));
  }
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  const weights = tensors.map(({ name, shape, dtype, quantization }) => ({
    name,
    shape,
    dtype: dtype ?? 'float32',
    ...(quantization === undefined ? {} : { quantization }),
  }));
  return { manifest: [{ paths: ['group1-shard1of1.bin'], weights }], bytes };
}

/** 0, 1, 2, ... n - 1: every weight distinct, so its position after layout conversion is checkable. */
export function sequence(n: number, offset = 0): number[] {
  return Array.from({ length: n }, (_, i) => i + offset);
}

/** A graph-model string attribute (base64, as the converter writes it). */
export function attrS(value: string): { s: string } {
  return { s: Buffer.from(value).toString('base64') };
}

/** A graph-model int-list attribute (decimal strings, as the converter writes int64). */
export function attrI(values: readonly number[]): { list: { i: string[] } } {
  return { list: { i: values.map(String) } };
}
