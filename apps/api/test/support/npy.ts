/** A little-endian float32 .npy file (format 1.0) of `shape`, C order, filled by `value(i)`. */
export function npyBytes(shape: readonly number[], value: (i: number) => number = (i) => Math.sin(i + 1)) {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // magic (6) + version (2) + header length (2) + header, padded with spaces and a newline to 64 bytes.
  const unpadded = 10 + header.length + 1;
  header = `${header}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const count = shape.reduce((a, b) => a * b, 1);
  const bytes = new Uint8Array(10 + header.length + count * 4);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(bytes.buffer);
  view.setUint16(8, header.length, true);
  bytes.set(new TextEncoder().encode(header), 10);
  for (let i = 0; i < count; i++) view.setFloat32(10 + header.length + i * 4, value(i), true);
  return bytes;
}
