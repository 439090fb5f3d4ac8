import onnxProto, { type onnx } from 'onnx-proto';

const { onnx: proto } = onnxProto;
const OPSET = 13;

/** An attribute value: an integer, a list of integers, or a float. */
export type Attribute = number | readonly number[] | { readonly float: number };

/** A float32 ONNX graph built node by node, encoded as a ModelProto (opset 13) for ONNX Runtime. */
export class OnnxGraph {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private counter = 0;

  /** Declares a float input; a string dim is symbolic (e.g. the batch). */
  input(name: string, dims: readonly (number | string)[]): string {
    this.inputs.push(valueInfo(name, dims));
    return name;
  }

  output(name: string, dims: readonly (number | string)[]): void {
    this.outputs.push(valueInfo(name, dims));
  }

  /** A constant float tensor; returns its name. */
  constant(name: string, dims: readonly number[], values: Float32Array): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== values.length) throw new RangeError(`${name}: ${values.length} values for dims [${dims}]`);
    const data = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
    this.initializers.push({
      name,
      dims: [...dims],
      dataType: proto.TensorProto.DataType.FLOAT,
      rawData: data,
    });
    return name;
  }

  /** Adds a node and returns the name of its (first) output. */
  node(
    op: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, Attribute>> = {},
    output?: string,
  ): string {
    const name = output ?? `${op.toLowerCase()}_${this.counter++}`;
    this.nodes.push({
      opType: op,
      name,
      input: [...inputs],
      output: [name],
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return name;
  }

  encode(name: string): Uint8Array {
    const model: onnx.IModelProto = {
      irVersion: 8,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: 'swis-dse',
      graph: {
        name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    };
    return proto.ModelProto.encode(proto.ModelProto.create(model)).finish();
  }
}

function valueInfo(name: string, dims: readonly (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: proto.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

function attribute(name: string, value: Attribute): onnx.IAttributeProto {
  const { AttributeType } = proto.AttributeProto;
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.INTS, ints: [...value] };
}
