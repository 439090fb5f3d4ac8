import { toBfloat16Bits, toHalfBits } from './make-onnx.js';

export interface SafetensorSpec {
  readonly name: string;
  readonly dtype: 'F32' | 'F16' | 'BF16' | 'F64' | 'I64';
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

const WIDTH = { F32: 4, F16: 2, BF16: 2, F64: 8, I64: 8 } as const;

/** Little-endian bytes of `values` in `dtype`. */
export function encodeValues(dtype: SafetensorSpec['dtype'], values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * WIDTH[dtype]);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    if (dtype === 'F32') view.setFloat32(i * 4, v, true);
    else if (dtype === 'F16') view.setUint16(i * 2, toHalfBits(v), true);
    else if (dtype === 'BF16') view.setUint16(i * 2, toBfloat16Bits(v), true);
    else if (dtype === 'F64') view.setFloat64(i * 8, v, true);
    else view.setBigInt64(i * 8, BigInt(v), true);
  });
  return bytes;
}

/** A safetensors file from an explicit JSON header object and data section. */
export function rawSafetensors(header: unknown, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

/**
 * A safetensors file holding `tensors`, laid out in `dataOrder` (indices into tensors; default their order)
 * while the header lists them in the given order.
 */
export function makeSafetensors(
  tensors: readonly SafetensorSpec[],
  metadata?: Record<string, string>,
  dataOrder: readonly number[] = tensors.map((_, i) => i),
): Uint8Array {
  const chunks = tensors.map((t) => encodeValues(t.dtype, t.values));
  const offsets = new Map<number, [number, number]>();
  let at = 0;
  for (const i of dataOrder) {
    offsets.set(i, [at, at + chunks[i]!.length]);
    at += chunks[i]!.length;
  }
  const data = new Uint8Array(at);
  for (const i of dataOrder) data.set(chunks[i]!, offsets.get(i)![0]);
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  tensors.forEach((t, i) => {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: offsets.get(i) };
  });
  return rawSafetensors(header, data);
}
