/** One float32 tensor to write: its name in the file, its shape and its values in row-major order. */
export interface SafetensorsTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/**
 * Encodes float32 tensors as a safetensors file: the 8-byte little-endian header length, the JSON header
 * (`__metadata__`, then each tensor's dtype F32, shape and data_offsets, in the given order) padded with
 * spaces to a multiple of 8 bytes, then the tensors' little-endian data in the same order.
 *
 * @throws RangeError when a name repeats or is `__metadata__`, or a shape does not match its value count.
 */
export function writeSafetensors(
  tensors: readonly SafetensorsTensor[],
  metadata: Readonly<Record<string, string>>,
): Uint8Array {
  // No prototype, so that a tensor named __proto__ becomes a key like any other.
  const header: Record<string, unknown> = Object.assign(Object.create(null), { __metadata__: metadata });
  let dataLength = 0;
  for (const { name, shape, values } of tensors) {
    if (Object.hasOwn(header, name)) {
      throw new RangeError(
        name === '__metadata__'
          ? 'tensor name __metadata__ is reserved'
          : `tensor name '${name}' appears twice`,
      );
    }
    const count = shape.reduce((a, b) => a * b, 1);
    if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0) || count !== values.length) {
      throw new RangeError(`tensor '${name}' has ${values.length} values but shape [${shape.join(', ')}]`);
    }
    header[name] = { dtype: 'F32', shape, data_offsets: [dataLength, dataLength + values.byteLength] };
    dataLength += values.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerLength + dataLength);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const { values } of tensors) {
    for (const v of values) {
      view.setFloat32(at, v, true);
      at += 4;
    }
  }
  return bytes;
}
