import type { Network } from '@swis-dse/swis-core';
import { ModelError, type ModelLocation } from '../errors.js';
import { checkDeclaredSize, checkFinite, type ReadOptions } from '../read-options.js';
import { baseName, stemName } from './file-name.js';
import { decodeFloats, FLOAT_BYTES, type FloatEncoding } from './float-decode.js';
import { finishNetwork } from './network-result.js';
import { type NpyHeader, parseNpyHeader } from './npy-header.js';
import { layerFromTensor } from './tensor-layer.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

const ENCODINGS: Readonly<Record<string, FloatEncoding>> = { f2: 'f16', f4: 'f32', f8: 'f64' };

/**
 * Reads a single-tensor NumPy .npy file (format versions 1.0, 2.0 and 3.0) as a one-layer network. The array
 * is taken to be in PyTorch layout: 4-D [K, C, R, S] becomes a conv layer, 2-D [out, in] a dense layer.
 * Float16/32/64 in either byte order and both C and Fortran order are accepted. The layer is named after
 * the file, without directory and extension. A lone tensor does not say what it is applied to: a conv layer
 * takes its input size from options.inputSize (null without it; stride 1, no padding), a dense layer sees
 * one vector (input size 1 x 1).
 *
 * @throws ModelError for anything that is not such a file, naming the file and the tensor.
 */
export function readNpy(bytes: Uint8Array, file: string, options: ReadOptions = {}): Network {
  const { header, dataOffset } = readHeader(bytes, file);
  const name = stemName(file);
  const location: ModelLocation = { file, tensor: name };
  const { encoding, littleEndian } = floatType(header.descr, location);
  if (header.shape.length !== 4 && header.shape.length !== 2) {
    throw new ModelError(
      'SWIS_ERR_MODEL_WEIGHTS',
      location,
      `shape (${header.shape.join(', ')}) is neither conv weights [K, C, R, S] nor dense weights [out, in]`,
    );
  }
  const count = checkDeclaredSize(header.shape, location, options);
  const expected = count * FLOAT_BYTES[encoding];
  const available = bytes.length - dataOffset;
  if (available !== expected) {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      location,
      `has ${available} data bytes but shape (${header.shape.join(', ')}) of ${header.descr} needs ${expected}`,
    );
  }
  let values = decodeFloats(bytes.subarray(dataOffset), encoding, littleEndian, count);
  if (header.fortranOrder) values = fortranToC(values, header.shape);
  checkFinite(values, location);
  const layer = layerFromTensor(name, header.shape, values, false, file);
  const given = options.inputSize;
  const inputSize: [number, number] | null =
    layer.kind === 'dense' ? [1, 1] : given === undefined ? null : [given[0], given[1]];
  return finishNetwork(
    {
      name,
      layers: [{ ...layer, inputSize }],
      metadata: { source: `npy file ${baseName(file)}` },
    },
    file,
  );
}

function readHeader(bytes: Uint8Array, file: string): { header: NpyHeader; dataOffset: number } {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', { file }, 'is not an npy file (no \\x93NUMPY magic)');
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Version 1 stores the header length in 2 bytes; 2 and 3 use 4 so headers can exceed 64 KiB.
  let start: number;
  let length: number;
  if (major === 1) {
    start = 10;
    length = view.getUint16(8, true);
  } else if ((major === 2 || major === 3) && bytes.length >= 12) {
    start = 12;
    length = view.getUint32(8, true);
  } else {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      { file },
      `has unsupported npy format version ${major}.${bytes[7]}`,
    );
  }
  if (start + length > bytes.length) {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      { file },
      `npy header of ${length} bytes runs past the end of the ${bytes.length}-byte file`,
    );
  }
  // Version 3 headers are UTF-8; earlier versions are latin-1, which numpy only ever fills with ASCII.
  let text: string;
  try {
    text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(
      bytes.subarray(start, start + length),
    );
  } catch {
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', { file }, 'npy header is not valid text');
  }
  return { header: parseNpyHeader(text, file), dataOffset: start + length };
}

function floatType(
  descr: string,
  location: ModelLocation,
): { encoding: FloatEncoding; littleEndian: boolean } {
  const match = /^([<>])(f[248])$/.exec(descr);
  const encoding = match ? ENCODINGS[match[2]!] : undefined;
  if (!match || encoding === undefined) {
    throw new ModelError(
      'SWIS_ERR_MODEL_WEIGHTS',
      location,
      `dtype '${descr}' is not a supported float type (<f2, <f4, <f8 or big-endian >f2, >f4, >f8)`,
    );
  }
  return { encoding, littleEndian: match[1] === '<' };
}

/** Reorders a column-major (Fortran-order) array of `shape` into row-major (C) order. */
function fortranToC(values: Float32Array, shape: readonly number[]): Float32Array {
  const rank = shape.length;
  const strides: number[] = [];
  let stride = 1;
  for (const dim of shape) {
    strides.push(stride);
    stride *= dim;
  }
  const index = new Array<number>(rank).fill(0);
  const out = new Float32Array(values.length);
  for (let c = 0; c < values.length; c++) {
    let f = 0;
    for (let axis = 0; axis < rank; axis++) f += index[axis]! * strides[axis]!;
    out[c] = values[f]!;
    // Advance the row-major index: last axis fastest.
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return out;
}
