import onnxProto, { type onnx } from 'onnx-proto';

const { onnx: proto } = onnxProto;
const { DataType } = proto.TensorProto;
const { AttributeType } = proto.AttributeProto;

/** How a test tensor is stored: element type and whether values go to raw_data or the typed fields. */
export interface TensorSpec {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: readonly number[];
  readonly type?: 'float' | 'float16' | 'bfloat16' | 'double' | 'int64' | 'int8';
  readonly storage?: 'raw' | 'typed';
  /** Fields that replace the generated ones, to build broken or unusual tensors. */
  readonly proto?: onnx.ITensorProto;
}

/** An attribute value: integers and integer lists, strings, or tagged floats. */
export type AttrValue = number | readonly number[] | string | { readonly float: number };

export interface NodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  readonly domain?: string;
  readonly attrs?: Readonly<Record<string, AttrValue>>;
}

export interface ModelSpec {
  /** Graph inputs with their dims; strings are symbolic dims. */
  readonly inputs: readonly { readonly name: string; readonly dims: readonly (number | string)[] }[];
  readonly initializers?: readonly TensorSpec[];
  /** Tensors emitted as Constant nodes ahead of `nodes`, as PaddleOCR's exporter does. */
  readonly constants?: readonly TensorSpec[];
  readonly nodes: readonly NodeSpec[];
}

/** The bits of a float as IEEE half precision (round toward zero; exact for the test values). */
export function toHalfBits(value: number): number {
  const f32 = new DataView(new ArrayBuffer(4));
  f32.setFloat32(0, value);
  const bits = f32.getUint32(0);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  if (Number.isNaN(value)) return 0x7e00;
  if (exponent >= 0x1f) return sign | 0x7c00;
  if (exponent < -10) return sign;
  if (exponent <= 0) return sign | ((((bits & 0x7fffff) | 0x800000) >>> (14 - exponent)) & 0x3ff);
  return sign | (exponent << 10) | ((bits >>> 13) & 0x3ff);
}

/** The upper 16 bits of the float32 encoding. */
export function toBfloat16Bits(value: number): number {
  const f32 = new DataView(new ArrayBuffer(4));
  f32.setFloat32(0, value);
  return f32.getUint32(0) >>> 16;
}

export function tensorProto(spec: TensorSpec): onnx.ITensorProto {
  return { ...encodeTensor(spec), ...spec.proto };
}

function encodeTensor(spec: TensorSpec): onnx.ITensorProto {
  const type = spec.type ?? 'float';
  const raw = (spec.storage ?? 'raw') === 'raw';
  const base = { name: spec.name, dims: [...spec.dims] };
  const width = { float: 4, float16: 2, bfloat16: 2, double: 8, int64: 8, int8: 1 }[type];
  const bytes = new Uint8Array(spec.values.length * width);
  const view = new DataView(bytes.buffer);
  spec.values.forEach((v, i) => {
    if (type === 'float') view.setFloat32(i * 4, v, true);
    else if (type === 'float16') view.setUint16(i * 2, toHalfBits(v), true);
    else if (type === 'bfloat16') view.setUint16(i * 2, toBfloat16Bits(v), true);
    else if (type === 'double') view.setFloat64(i * 8, v, true);
    else if (type === 'int64') view.setBigInt64(i * 8, BigInt(v), true);
    else view.setInt8(i, v);
  });
  const dataType = {
    float: DataType.FLOAT,
    float16: DataType.FLOAT16,
    bfloat16: DataType.BFLOAT16,
    double: DataType.DOUBLE,
    int64: DataType.INT64,
    int8: DataType.INT8,
  }[type];
  if (raw) return { ...base, dataType, rawData: bytes };
  if (type === 'float') return { ...base, dataType, floatData: [...spec.values] };
  if (type === 'double') return { ...base, dataType, doubleData: [...spec.values] };
  if (type === 'int64') return { ...base, dataType, int64Data: [...spec.values] };
  const bits = type === 'float16' ? toHalfBits : type === 'bfloat16' ? toBfloat16Bits : (v: number) => v;
  return { ...base, dataType, int32Data: spec.values.map(bits) };
}

function attribute(name: string, value: AttrValue): onnx.IAttributeProto {
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if (typeof value === 'string')
    return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.INTS, ints: [...value] };
}

function nodeProto(spec: NodeSpec): onnx.INodeProto {
  return {
    opType: spec.op,
    name: spec.name ?? '',
    domain: spec.domain ?? '',
    input: [...spec.inputs],
    output: [...spec.outputs],
    attribute: Object.entries(spec.attrs ?? {}).map(([name, value]) => attribute(name, value)),
  };
}

/** Encodes a one-graph ONNX model (opset 13) from a compact description. */
export function makeOnnx(spec: ModelSpec): Uint8Array {
  const constantNodes = (spec.constants ?? []).map(
    (t): onnx.INodeProto => ({
      opType: 'Constant',
      output: [t.name],
      attribute: [{ name: 'value', type: AttributeType.TENSOR, t: tensorProto({ ...t, name: '' }) }],
    }),
  );
  const model = proto.ModelProto.create({
    irVersion: 7,
    producerName: 'swis-dse tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'test',
      input: spec.inputs.map((input) => ({
        name: input.name,
        type: {
          tensorType: {
            elemType: DataType.FLOAT,
            shape: {
              dim: input.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
            },
          },
        },
      })),
      initializer: (spec.initializers ?? []).map(tensorProto),
      node: [...constantNodes, ...spec.nodes.map(nodeProto)],
    },
  });
  return proto.ModelProto.encode(model).finish();
}
