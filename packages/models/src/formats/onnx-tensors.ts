import onnxProto, { type onnx } from 'onnx-proto';
import { ModelError, type ModelLocation } from '../errors.js';
import { checkDeclaredSize, type ReadOptions } from '../read-options.js';
import {
  bfloat16ToFloat,
  decodeFloats,
  FLOAT_BYTES,
  type FloatEncoding,
  halfToFloat,
} from './float-decode.js';
import { toNumber } from './onnx-node.js';

const { DataType, DataLocation } = onnxProto.onnx.TensorProto;

/** A tensor whose value is fixed in the file: an initializer or the output of a Constant node. */
export interface OnnxConstant {
  readonly name: string;
  readonly dims: readonly number[];
  readonly tensor: onnx.ITensorProto;
}

const RAW_FLOATS: Readonly<Partial<Record<number, FloatEncoding>>> = {
  [DataType.FLOAT]: 'f32',
  [DataType.FLOAT16]: 'f16',
  [DataType.BFLOAT16]: 'bf16',
  [DataType.DOUBLE]: 'f64',
};

/** Shape-like constants (pads, axes, scales, sizes, target shapes) are tiny; larger tensors are not read as one. */
const MAX_SHAPE_CONSTANT = 64;

/**
 * Every constant of the graph by tensor name: initializers, Constant node outputs, and outputs of Identity
 * nodes applied to a constant (exporters sometimes route shared weights through Identity).
 */
export function collectConstants(graph: onnx.IGraphProto): Map<string, OnnxConstant> {
  const constants = new Map<string, OnnxConstant>();
  for (const tensor of graph.initializer ?? []) {
    if (tensor.name) constants.set(tensor.name, constantOf(tensor.name, tensor));
  }
  for (const node of graph.node ?? []) {
    const output = node.output?.[0];
    if (!output) continue;
    if (node.opType === 'Constant') {
      const tensor = constantNodeTensor(node);
      if (tensor) constants.set(output, constantOf(output, tensor));
    } else if (node.opType === 'Identity') {
      const source = constants.get(node.input?.[0] ?? '');
      if (source) constants.set(output, source);
    }
  }
  return constants;
}

function constantOf(name: string, tensor: onnx.ITensorProto): OnnxConstant {
  return { name, dims: (tensor.dims ?? []).map(toNumber), tensor };
}

/** The tensor a Constant node produces; its value_* scalar and list forms are turned into tensors. */
function constantNodeTensor(node: onnx.INodeProto): onnx.ITensorProto | undefined {
  const attr = node.attribute?.[0];
  switch (attr?.name) {
    case 'value':
      return attr.t ?? undefined;
    case 'value_float':
      return { dims: [], dataType: DataType.FLOAT, floatData: [attr.f ?? 0] };
    case 'value_floats':
      return { dims: [attr.floats?.length ?? 0], dataType: DataType.FLOAT, floatData: attr.floats ?? [] };
    case 'value_int':
      return { dims: [], dataType: DataType.INT64, int64Data: [attr.i ?? 0] };
    case 'value_ints':
      return { dims: [attr.ints?.length ?? 0], dataType: DataType.INT64, int64Data: attr.ints ?? [] };
    default:
      // Sparse and string constants never hold conv or dense weights or shape information we use.
      return undefined;
  }
}

function typeName(type: number): string {
  return DataType[type] ?? `#${type}`;
}

function isExternal(tensor: onnx.ITensorProto): boolean {
  return tensor.dataLocation === DataLocation.EXTERNAL || (tensor.externalData?.length ?? 0) > 0;
}

function checkInline(constant: OnnxConstant, location: ModelLocation): void {
  const { tensor } = constant;
  if (isExternal(tensor)) {
    const where = tensor.externalData?.find((e) => e.key === 'location')?.value ?? 'another file';
    throw new ModelError(
      'SWIS_ERR_MODEL_WEIGHTS',
      location,
      `data is stored externally in ${where}; re-export the model with its weights inside the .onnx file`,
    );
  }
}

function lengthMismatch(location: ModelLocation, found: string, count: number): ModelError {
  return new ModelError(
    'SWIS_ERR_MODEL_FORMAT',
    location,
    `holds ${found} but its shape needs ${count} values`,
  );
}

/**
 * The values of a FLOAT, FLOAT16, BFLOAT16 or DOUBLE constant as float32, from raw_data (little-endian) or
 * the typed float_data / double_data / int32_data fields. Checks the declared size before allocating.
 */
export function tensorFloats(
  constant: OnnxConstant,
  location: ModelLocation,
  options: ReadOptions,
): Float32Array {
  checkInline(constant, location);
  const { tensor } = constant;
  const type = tensor.dataType ?? DataType.UNDEFINED;
  const encoding = RAW_FLOATS[type];
  if (encoding === undefined) {
    throw new ModelError(
      'SWIS_ERR_MODEL_WEIGHTS',
      location,
      `data type ${typeName(type)} is not a float type`,
    );
  }
  const count = checkDeclaredSize(constant.dims, location, options);
  const raw = tensor.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== count * FLOAT_BYTES[encoding])
      throw lengthMismatch(location, `${raw.length} raw bytes`, count);
    return decodeFloats(raw, encoding, true, count);
  }
  // FLOAT16 and BFLOAT16 values without raw_data are stored as their bit patterns in int32_data.
  const typed =
    encoding === 'f32' ? tensor.floatData : encoding === 'f64' ? tensor.doubleData : tensor.int32Data;
  const values = typed ?? [];
  if (values.length !== count) throw lengthMismatch(location, `${values.length} values`, count);
  if (encoding === 'f16') return Float32Array.from(values, halfToFloat);
  if (encoding === 'bf16') return Float32Array.from(values, bfloat16ToFloat);
  return Float32Array.from(values);
}

/**
 * A small integer or float constant (pads, axes, scales, sizes, a target shape) as numbers; undefined when
 * the tensor is too large to be one or of a type that never carries shape information.
 */
export function tensorNumbers(constant: OnnxConstant, location: ModelLocation): number[] | undefined {
  const { dims, tensor } = constant;
  if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0)) return undefined;
  const count = dims.reduce((a, b) => a * b, 1);
  if (count > MAX_SHAPE_CONSTANT || isExternal(tensor)) return undefined;
  const type = tensor.dataType ?? DataType.UNDEFINED;
  if (RAW_FLOATS[type] !== undefined) return [...tensorFloats(constant, location, {})];
  const width = type === DataType.INT64 ? 8 : type === DataType.INT32 ? 4 : 0;
  if (width === 0) return undefined;
  const raw = tensor.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== count * width) throw lengthMismatch(location, `${raw.length} raw bytes`, count);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: count }, (_, i) =>
      width === 8 ? Number(view.getBigInt64(i * 8, true)) : view.getInt32(i * 4, true),
    );
  }
  const values =
    type === DataType.INT64 ? (tensor.int64Data ?? []).map(toNumber) : [...(tensor.int32Data ?? [])];
  if (values.length !== count) throw lengthMismatch(location, `${values.length} values`, count);
  return values;
}
