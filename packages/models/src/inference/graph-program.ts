/**
 * Builds a forward-pass program from a TensorFlow.js graph model (a frozen TensorFlow graph), visiting nodes
 * in the order the importer does so weight layers come out in the Network's order. Constant inputs (weights,
 * biases, folded batch-norm factors, clip bounds) are resolved when the program is built. Supported ops:
 * Placeholder, Const, Identity, Conv2D / _FusedConv2D and DepthwiseConv2dNative / FusedDepthwiseConv2dNative
 * (fused BiasAdd then Relu / Relu6), MatMul / _FusedMatMul, Add / AddV2 / BiasAdd / Sub / Mul / Minimum /
 * Maximum (an activation with a scalar, per-channel or same-size operand, or two activations), Relu, Relu6,
 * Sigmoid, Softmax, Pad (zeros), AvgPool, Mean over height and width, Squeeze, Reshape to a vector.
 */
import { ModelError } from '../errors.js';
import {
  attrBool,
  attrHw,
  attrPadding,
  dependencyOrder,
  type GraphNode,
  parseNodes,
  requireNhwc,
} from '../formats/tfjs-graph-nodes.js';
import { asArray, asObject, asString, type JsonObject } from '../formats/tfjs-json.js';
import type { TfjsWeights } from '../formats/tfjs-weights.js';
import { conv2d, dense, depthwiseConv2d } from './conv-ops.js';
import { activate, avgPool, globalAvgPool, pad, relu, softmax } from './elementwise-ops.js';
import type { Program, Step } from './program.js';
import { type Activation, flatten, zeros } from './tensor.js';

interface Context {
  readonly weights: TfjsWeights;
  readonly byName: ReadonlyMap<string, GraphNode>;
  /** Pad node -> its input, so the conv after it records the unpadded activation. */
  readonly padSources: Map<string, string>;
}

/** The program of a graph model's `modelTopology` (nodes); `output` names the output node (default: the last). */
export function graphProgram(
  topology: JsonObject,
  weights: TfjsWeights,
  file: string,
  output?: string,
): Program {
  const nodes = parseNodes(topology.node, file);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const ctx: Context = { weights, byName, padSources: new Map() };
  const placeholders = nodes.filter((n) => n.op === 'Placeholder');
  if (placeholders.length !== 1) {
    throw new ModelError(
      'SWIS_ERR_MODEL_OP',
      { file },
      `${placeholders.length} Placeholder nodes (one is supported)`,
    );
  }
  const steps: Step[] = [];
  for (const node of dependencyOrder(nodes, byName)) {
    if (node.op === 'Const' || node.op === 'Placeholder' || isConstant(node, ctx)) continue;
    steps.push(graphStep(node, ctx));
  }
  const last = steps.at(-1);
  if (last === undefined) throw new ModelError('SWIS_ERR_MODEL_OP', { file }, 'the graph computes nothing');
  return { input: placeholders[0]!.name, steps, output: output ?? last.name };
}

/** A node computed from constants only (e.g. an Identity of a Const). */
function isConstant(node: GraphNode, ctx: Context): boolean {
  return node.op === 'Identity' && constNode(node.inputs[0] ?? '', ctx) !== null;
}

/** The Const node behind a name, looking through Identity nodes, or null if it is an activation. */
function constNode(name: string, ctx: Context): GraphNode | null {
  let node = ctx.byName.get(name);
  while (node?.op === 'Identity') node = ctx.byName.get(node.inputs[0] ?? '');
  return node?.op === 'Const' ? node : null;
}

function constFloats(node: GraphNode, index: number, ctx: Context): Float32Array {
  const source = constNode(node.inputs[index] ?? '', ctx);
  if (source === null) {
    throw new ModelError(
      'SWIS_ERR_MODEL_OP',
      node.location,
      `${node.op} whose input ${index} is not a constant`,
    );
  }
  return ctx.weights.floats(source.name, node.name);
}

function constShape(node: GraphNode, index: number, ctx: Context): readonly number[] {
  const source = constNode(node.inputs[index] ?? '', ctx);
  return (source === null ? undefined : ctx.weights.shape(source.name)) ?? [];
}

/** Names inside the `fused_ops` attribute (BiasAdd, Relu, Relu6, ...). */
function fusedOps(node: GraphNode): string[] {
  const attr = node.attr.fused_ops;
  if (attr === undefined) return [];
  const list = asObject(asObject(attr, node.location, 'fused_ops').list, node.location, 'fused_ops.list');
  const s = list.s === undefined ? [] : asArray(list.s, node.location, 'fused_ops.list.s');
  return s.map((v) => Buffer.from(asString(v, node.location, 'fused_ops'), 'base64').toString('utf8'));
}

/** The bias (input 2 when BiasAdd is fused) and the activation after it. */
function fusedTail(node: GraphNode, ctx: Context): { bias: Float32Array | null; activation: string } {
  const ops = fusedOps(node);
  let bias: Float32Array | null = null;
  let activation = 'linear';
  for (const op of ops) {
    if (op === 'BiasAdd') bias = constFloats(node, 2, ctx);
    else if (op === 'Relu') activation = 'relu';
    else if (op === 'Relu6') activation = 'relu6';
    else throw new ModelError('SWIS_ERR_MODEL_OP', node.location, `${node.op} fused with ${op}`);
  }
  return { bias, activation };
}

function graphStep(node: GraphNode, ctx: Context): Step {
  const name = node.name;
  const dataInputs = node.inputs.filter((n) => constNode(n, ctx) === null);
  const step = (run: Step['run']): Step => ({ name, inputs: dataInputs, run });
  const weightStep = (run: Step['run']): Step => {
    const source = dataInputs[0] ?? '';
    return {
      name,
      inputs: dataInputs,
      run,
      weightLayer: { layer: name, input: ctx.padSources.get(source) ?? source },
    };
  };
  switch (node.op) {
    case 'Conv2D':
    case '_FusedConv2D':
    case 'DepthwiseConv2dNative':
    case 'FusedDepthwiseConv2dNative': {
      requireNhwc(node);
      const shape = constShape(node, 1, ctx);
      const weights = constFloats(node, 1, ctx);
      const { bias, activation } = fusedTail(node, ctx);
      const window = {
        kernel: [shape[0] ?? 1, shape[1] ?? 1] as const,
        stride: attrHw(node, 'strides'),
        dilation: attrHw(node, 'dilations'),
        padding: attrPadding(node),
      };
      if (node.op.includes('Depthwise')) {
        const spec = { ...window, weights, multiplier: shape[3] ?? 1, bias };
        return weightStep(([x]) => activate(depthwiseConv2d(x!, spec), activation));
      }
      const spec = { ...window, weights, outChannels: shape[3] ?? 1, bias };
      return weightStep(([x]) => activate(conv2d(x!, spec), activation));
    }
    case 'MatMul':
    case '_FusedMatMul': {
      if (attrBool(node, 'transpose_a')) {
        throw new ModelError('SWIS_ERR_MODEL_OP', node.location, `${node.op} with transpose_a`);
      }
      const transposed = attrBool(node, 'transpose_b');
      const shape = constShape(node, 1, ctx);
      const units = (transposed ? shape[0] : shape[1]) ?? 0;
      const kernel = constFloats(node, 1, ctx);
      const { bias, activation } = fusedTail(node, ctx);
      return weightStep(([x]) => activate(dense(x!, kernel, units, bias, transposed), activation));
    }
    case 'Add':
    case 'AddV2':
    case 'BiasAdd':
      return binaryStep(node, ctx, (a, b) => a + b);
    case 'Sub':
      return binaryStep(node, ctx, (a, b) => a - b);
    case 'Mul':
      return binaryStep(node, ctx, (a, b) => a * b);
    case 'Minimum':
      return binaryStep(node, ctx, Math.min);
    case 'Maximum':
      return binaryStep(node, ctx, Math.max);
    case 'Relu':
      return step(([x]) => relu(x!));
    case 'Relu6':
      return step(([x]) => relu(x!, 6));
    case 'Sigmoid':
      return step(([x]) => activate(x!, 'sigmoid'));
    case 'Softmax':
      return step(([x]) => softmax(x!));
    case 'Identity':
    case 'Squeeze':
      return step(([x]) => x!);
    case 'Reshape':
      return step(([x]) => flatten(x!));
    case 'Pad': {
      const p = constFloats(node, 1, ctx);
      if (p.length !== 8 || p[0] !== 0 || p[1] !== 0 || p[6] !== 0 || p[7] !== 0) {
        throw new ModelError('SWIS_ERR_MODEL_OP', node.location, 'Pad other than of height and width');
      }
      ctx.padSources.set(name, dataInputs[0] ?? '');
      const padding = [p[2]!, p[4]!, p[3]!, p[5]!] as const;
      return step(([x]) => pad(x!, padding));
    }
    case 'AvgPool': {
      requireNhwc(node);
      const window = {
        kernel: attrHw(node, 'ksize'),
        stride: attrHw(node, 'strides'),
        padding: attrPadding(node),
      };
      return step(([x]) => avgPool(x!, window));
    }
    case 'Mean': {
      const axes = [...constFloats(node, 1, ctx)].sort().join(',');
      if (axes !== '1,2') throw new ModelError('SWIS_ERR_MODEL_OP', node.location, `Mean over axes ${axes}`);
      return step(([x]) => globalAvgPool(x!));
    }
    default:
      throw new ModelError(
        'SWIS_ERR_MODEL_OP',
        node.location,
        `the forward pass does not support ${node.op}`,
      );
  }
}

/** f applied elementwise; an operand may be a constant (scalar, per channel, or same size) or an activation. */
function binaryStep(node: GraphNode, ctx: Context, f: (a: number, b: number) => number): Step {
  const operands = node.inputs.slice(0, 2).map((n) => {
    const c = constNode(n, ctx);
    return c === null ? null : ctx.weights.floats(c.name, node.name);
  });
  const dataInputs = node.inputs.slice(0, 2).filter((_, i) => operands[i] === null);
  const run = (xs: readonly Activation[]): Activation => {
    let next = 0;
    const [a, b] = operands.map((c) => c ?? xs[next++]!.data);
    // The output takes the shape of the largest activation operand.
    const x = xs.reduce((m, t) => (t.data.length > m.data.length ? t : m));
    const out = zeros(x.h, x.w, x.c);
    const at = broadcaster(a!, x, node);
    const bt = broadcaster(b!, x, node);
    for (let i = 0; i < out.data.length; i++) out.data[i] = f(at(i), bt(i));
    return out;
  };
  return { name: node.name, inputs: dataInputs, run };
}

/** Reads operand `v` at output index i: same size, one value per channel, or a scalar. */
function broadcaster(v: Float32Array, x: Activation, node: GraphNode): (i: number) => number {
  if (v.length === x.data.length) return (i) => v[i]!;
  if (v.length === 1) return () => v[0]!;
  if (v.length === x.c) return (i) => v[i % x.c]!;
  throw new ModelError(
    'SWIS_ERR_MODEL_OP',
    node.location,
    `${node.op} of ${v.length} values onto ${x.h}x${x.w}x${x.c}`,
  );
}
