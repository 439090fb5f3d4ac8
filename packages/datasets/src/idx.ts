import { DatasetError } from './dataset-error.js';

/** An IDX array of unsigned bytes (the only element type the MNIST family uses). */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/** IDX element type code of unsigned bytes. */
const UBYTE = 0x08;

/**
 * Parses an IDX file (LeCun's MNIST format): two zero bytes, the element type, the number of dimensions,
 * then each dimension as a big-endian uint32, then the elements. Only unsigned bytes are accepted.
 * @throws DatasetError (SWIS_ERR_DATASET_FORMAT) naming `file` for a bad header or a size that does not
 *   match the dimensions
 */
export function readIdx(bytes: Uint8Array, file: string): IdxArray {
  const fail = (detail: string): never => {
    throw new DatasetError('SWIS_ERR_DATASET_FORMAT', file, detail);
  };
  if (bytes.length < 4) fail(`has ${bytes.length} bytes, fewer than the 4-byte IDX magic`);
  if (bytes[0] !== 0 || bytes[1] !== 0) fail('does not start with the IDX magic (two zero bytes)');
  if (bytes[2] !== UBYTE)
    fail(`has element type 0x${bytes[2]!.toString(16)}; only unsigned bytes (0x08) are read`);
  const rank = bytes[3]!;
  if (rank === 0) fail('declares 0 dimensions');
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength)
    fail(`ends inside its header (${rank} dimensions need ${headerLength} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((product, d) => product * d, 1);
  if (bytes.length - headerLength !== count) {
    fail(`declares [${dims.join(', ')}] = ${count} elements but holds ${bytes.length - headerLength}`);
  }
  return { dims, data: bytes.subarray(headerLength) };
}
