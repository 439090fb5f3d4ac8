/**
 * TensorFlow.js graph models (frozen TensorFlow graphs): visits the nodes in dependency order, propagating
 * activation shapes from the Placeholder, and emits a weight layer per (fused) Conv2D, depthwise conv and
 * MatMul whose kernel is a Const node in the weights manifest.
 */
import type { LayerInput } from '@swis-dse/swis-core';
import { ModelError } from '../errors.js';
import type { ReadOptions } from '../read-options.js';
import type { Padding } from '../spatial.js';
import {
  applyWindow,
  broadcastDims,
  channelCount,
  concatDims,
  type Dims,
  dimsAxis,
  padDims,
  reduceDims,
  reshapeDims,
  withInputSize,
  type ZeroPad,
} from './tfjs-dims.js';
import {
  attrBool,
  attrHw,
  attrInts,
  attrPadding,
  attrShape,
  dependencyOrder,
  type GraphNode,
  parseNodes,
  requireNhwc,
} from './tfjs-graph-nodes.js';
import type { JsonObject } from './tfjs-json.js';
import { convLayer, denseLayer, depthwiseLayer, type KernelSpec, type Topology } from './tfjs-kernels.js';
import type { TfjsWeights } from './tfjs-weights.js';

/** Elementwise ops (activations, bias, batch norm, arithmetic): their output broadcasts their non-constant inputs. */
const ELEMENTWISE = new Set([
  'Abs',
  'Add',
  'AddN',
  'AddV2',
  'BiasAdd',
  'Cast',
  'ClipByValue',
  'Div',
  'Elu',
  'Exp',
  'FusedBatchNorm',
  'FusedBatchNormV2',
  'FusedBatchNormV3',
  'Identity',
  'LeakyRelu',
  'Log',
  'Maximum',
  'Minimum',
  'Mul',
  'Neg',
  'Pow',
  'Prelu',
  'RealDiv',
  'Relu',
  'Relu6',
  'Rsqrt',
  'Selu',
  'Sigmoid',
  'Snapshot',
  'Softmax',
  'Softplus',
  'Sqrt',
  'Square',
  'SquaredDifference',
  'StopGradient',
  'Sub',
  'Tanh',
]);

/** A node's output: an activation's dims, or a constant (weights, shapes, axes). */
type Value = Dims | 'const';

interface Context {
  readonly weights: TfjsWeights;
  readonly file: string;
  readonly options: ReadOptions;
  readonly byName: ReadonlyMap<string, GraphNode>;
  readonly values: Map<string, Value>;
  readonly layers: LayerInput[];
  /** Outputs of zero-padding nodes, which a following VALID conv folds into its padding. */
  readonly zeroPads: Map<string, ZeroPad>;
}

/** Reads a graph-model topology (`modelTopology.node`). */
export function readGraphTopology(
  topology: JsonObject,
  weights: TfjsWeights,
  file: string,
  options: ReadOptions,
): Topology {
  const nodes = parseNodes(topology.node, file);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const ctx: Context = { weights, file, options, byName, values: new Map(), layers: [], zeroPads: new Map() };
  for (const node of dependencyOrder(nodes, byName)) ctx.values.set(node.name, evaluate(node, ctx));
  const notes = ['a graph model does not record whether batch norm was folded into the conv weights'];
  return { name: null, layers: ctx.layers, notes };
}

function evaluate(node: GraphNode, ctx: Context): Value {
  const inputs = node.inputs.map((n) => ctx.values.get(n)!);
  const activations = inputs.filter((v) => v !== 'const');
  if (ELEMENTWISE.has(node.op)) return activations.length > 0 ? broadcastDims(activations) : 'const';
  const data: Dims = activations[0] ?? null;
  const location = node.location;
  const emit = (built: { layer: LayerInput; output: Dims }): Dims => {
    ctx.layers.push(built.layer);
    return built.output;
  };
  switch (node.op) {
    case 'Const':
      return 'const';
    case 'Placeholder':
      return placeholderDims(node, ctx.options);
    case 'Conv2D':
    case '_FusedConv2D':
      return emit(convLayer(kernelSpec(node, ctx), data, ctx.weights, ctx.file));
    case 'DepthwiseConv2dNative':
    case 'FusedDepthwiseConv2dNative':
      return emit(depthwiseLayer(kernelSpec(node, ctx), data, ctx.weights, ctx.file));
    case 'MatMul':
    case '_FusedMatMul': {
      if (attrBool(node, 'transpose_a')) {
        throw new ModelError('SWIS_ERR_MODEL_OP', location, `${node.op} with transpose_a`);
      }
      const transposed = attrBool(node, 'transpose_b');
      const tensor = constInput(node, 1, ctx);
      return emit(denseLayer(node.name, tensor, [null, null], transposed, data, ctx.weights, ctx.file));
    }
    case 'Pad':
    case 'PadV2':
    case 'MirrorPad': {
      const p = ctx.weights.ints(constInput(node, 1, ctx), node.name);
      if (p.length !== 8) {
        throw new ModelError('SWIS_ERR_MODEL_OP', location, `${node.op} of a non-4-D tensor`);
      }
      const padding: Padding = [p[2]!, p[4]!, p[3]!, p[5]!];
      if (isZeroPad(node, ctx)) ctx.zeroPads.set(node.name, { input: data, padding });
      return padDims(data, padding);
    }
    case 'MaxPool':
    case 'AvgPool': {
      requireNhwc(node);
      const window = {
        kernel: attrHw(node, 'ksize'),
        stride: attrHw(node, 'strides'),
        padding: attrPadding(node),
      };
      return applyWindow(data, window, channelCount(data), location).output;
    }
    case 'Mean':
    case 'Max': {
      const axes = axesOf(ctx.weights.ints(constInput(node, 1, ctx), node.name), data, node);
      return reduceDims(data, axes, attrBool(node, 'keep_dims'));
    }
    case 'Squeeze': {
      const declared = attrInts(node, 'squeeze_dims') ?? [];
      const axes = declared.length > 0 ? axesOf(declared, data, node) : onesOf(data);
      return reduceDims(data, axes, false);
    }
    case 'Reshape': {
      const shape = ctx.weights.ints(constInput(node, 1, ctx), node.name);
      return reshapeDims(data, shape.slice(1));
    }
    case 'ConcatV2': {
      const [axis] = ctx.weights.ints(constInput(node, node.inputs.length - 1, ctx), node.name);
      const parts = inputs.slice(0, -1).map((v) => (v === 'const' ? null : v));
      const index = dimsAxis(axis ?? 0, data?.length ?? 3);
      if (index === null) throw new ModelError('SWIS_ERR_MODEL_OP', location, `ConcatV2 on axis ${axis}`);
      return concatDims(parts, index);
    }
    default:
      throw new ModelError('SWIS_ERR_MODEL_OP', location, `unsupported op ${node.op}`);
  }
}

function kernelSpec(node: GraphNode, ctx: Context): KernelSpec {
  requireNhwc(node);
  return {
    name: node.name,
    tensor: constInput(node, 1, ctx),
    expected: [null, null, null, null],
    stride: attrHw(node, 'strides'),
    padding: attrPadding(node),
    dilation: attrHw(node, 'dilations'),
    zeroPad: ctx.zeroPads.get(node.inputs[0] ?? ''),
  };
}

/** Pad fills with zeros, PadV2 with its constant_values input; MirrorPad reflects. */
function isZeroPad(node: GraphNode, ctx: Context): boolean {
  if (node.op === 'Pad') return true;
  return node.op === 'PadV2' && ctx.weights.floats(constInput(node, 2, ctx), node.name)[0] === 0;
}

/** The manifest tensor behind input `index`: a Const node, possibly behind Identity nodes. */
function constInput(node: GraphNode, index: number, ctx: Context): string {
  let source = ctx.byName.get(node.inputs[index] ?? '');
  while (source?.op === 'Identity') source = ctx.byName.get(source.inputs[0] ?? '');
  if (source?.op !== 'Const') {
    throw new ModelError(
      'SWIS_ERR_MODEL_OP',
      node.location,
      `${node.op} whose input ${index} is not a constant`,
    );
  }
  return source.name;
}

/** Input dims from the Placeholder's shape; unknown h / w fall back to options.inputSize. */
function placeholderDims(node: GraphNode, options: ReadOptions): Dims {
  return withInputSize(attrShape(node, 'shape')?.slice(1) ?? [null, null, null], options);
}

function axesOf(axes: readonly number[], data: Dims, node: GraphNode): number[] {
  return axes.map((a) => {
    const index = dimsAxis(a, data?.length ?? 3);
    if (index === null) throw new ModelError('SWIS_ERR_MODEL_OP', node.location, `${node.op} over axis ${a}`);
    return index;
  });
}

function onesOf(data: Dims): number[] {
  return (data ?? []).flatMap((d, i) => (d === 1 ? [i] : []));
}
