import { toHalfBits } from './make-onnx.js';

export interface NpySpec {
  readonly shape: readonly number[];
  readonly values: readonly number[];
  /** numpy dtype string; @defaultValue '<f4' */
  readonly descr?: string;
  readonly version?: 1 | 2 | 3;
  /** Write `values` (given in C order) column-major and declare fortran_order True. */
  readonly fortran?: boolean;
  /** Replaces the generated header dict text. */
  readonly header?: string;
}

/** Column-major order of a row-major array of `shape`. */
function toFortran(values: readonly number[], shape: readonly number[]): number[] {
  const out = new Array<number>(values.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let c = 0; c < values.length; c++) {
    let f = 0;
    let stride = 1;
    for (let axis = 0; axis < shape.length; axis++) {
      f += index[axis]! * stride;
      stride *= shape[axis]!;
    }
    out[f] = values[c]!;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return out;
}

/** Encodes an .npy file the way numpy.save does (header padded with spaces to a multiple of 64 bytes). */
export function makeNpy(spec: NpySpec): Uint8Array {
  const descr = spec.descr ?? '<f4';
  const version = spec.version ?? 1;
  const shape = spec.shape.length === 1 ? `(${spec.shape[0]},)` : `(${spec.shape.join(', ')})`;
  const dict =
    spec.header ??
    `{'descr': '${descr}', 'fortran_order': ${spec.fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const prefix = version === 1 ? 10 : 12;
  const padded = `${dict}${' '.repeat(63 - ((prefix + dict.length) % 64))}\n`;
  const header = new TextEncoder().encode(padded);
  const values = spec.fortran ? toFortran(spec.values, spec.shape) : spec.values;
  const width = Number(descr.slice(2)) || 4;
  const bytes = new Uint8Array(prefix + header.length + values.length * width);
  const view = new DataView(bytes.buffer);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  bytes.set(header, prefix);
  const little = descr[0] !== '>';
  const kind = descr.slice(1);
  values.forEach((v, i) => {
    const at = prefix + header.length + i * width;
    if (kind === 'f2') view.setUint16(at, toHalfBits(v), little);
    else if (kind === 'f4') view.setFloat32(at, v, little);
    else if (kind === 'f8') view.setFloat64(at, v, little);
    else if (kind === 'i8') view.setBigInt64(at, BigInt(v), little);
  });
  return bytes;
}
