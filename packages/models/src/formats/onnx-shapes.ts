import type { onnx } from 'onnx-proto';
import type { ModelLocation } from '../errors.js';
import { broadcast, type Dim, type Dims, type GraphContext, type Shape } from './onnx-context.js';
import { floatsAttr, inputName, intAttr, intsAttr } from './onnx-node.js';
import { windowGeometry } from './onnx-window.js';

/** Infers the shape of a node's first output from its inputs; undefined when it cannot be known. */
export type ShapeRule = (node: onnx.INodeProto, location: ModelLocation, ctx: GraphContext) => Shape;

const sameAsInput: ShapeRule = (node, _location, ctx) => ctx.shape(inputName(node, 0));
const unknown: ShapeRule = () => undefined;
const broadcastInputs: ShapeRule = (node, _location, ctx) =>
  broadcast((node.input ?? []).filter((name) => name !== '').map((name) => ctx.shape(name)));

/** Ops whose first output has the shape of their first input (activations, normalizations, casts). */
const SAME_SHAPE = (
  'Abs BatchNormalization Cast CastLike Ceil Celu Clip Cos DequantizeLinear Dropout Elu Erf Exp ' +
  'Floor Gelu HardSigmoid HardSwish Hardmax Identity InstanceNormalization IsInf IsNaN LRN ' +
  'LayerNormalization LeakyRelu Log LogSoftmax Mish Neg Not PRelu QuantizeLinear Reciprocal Relu ' +
  'Round Selu Shrink Sigmoid Sign Sin Softmax Softplus Softsign Sqrt Tanh ThresholdedRelu'
).split(' ');

/** Elementwise ops over several inputs with numpy broadcasting. */
const BROADCAST = (
  'Add And Div Equal Greater GreaterOrEqual Less LessOrEqual Max Mean Min Mod Mul Or Pow Sub Sum ' +
  'Where Xor'
).split(' ');

/**
 * Ops without weights whose output shape is not tracked (shape arithmetic, indexing, reductions); layers
 * after them get an unknown input size. Ops with weights of their own (LSTM, GRU, QLinearConv, Einsum, ...)
 * are deliberately absent so that importing such a model fails instead of silently dropping weights.
 */
const UNTRACKED = (
  'ArgMax ArgMin Compress ConstantOfShape CumSum DepthToSpace Expand EyeLike Gather GatherElements ' +
  'GatherND NonMaxSuppression NonZero OneHot Range ReduceL1 ReduceL2 ReduceLogSum ReduceLogSumExp ' +
  'ReduceMax ReduceMean ReduceMin ReduceProd ReduceSum ReduceSumSquare ScatterElements ScatterND ' +
  'Shape Size Slice SpaceToDepth Split Tile TopK Trilu'
).split(' ');

function normalizeAxis(axis: number, rank: number): number | undefined {
  const normalized = axis < 0 ? axis + rank : axis;
  return Number.isSafeInteger(normalized) && normalized >= 0 && normalized < rank ? normalized : undefined;
}

function product(dims: Dims): Dim {
  return dims.reduce<Dim>((a, b) => (a === null || b === null ? null : a * b), 1);
}

const concat: ShapeRule = (node, _location, ctx) => {
  const shapes = (node.input ?? []).map((name) => ctx.shape(name));
  const [first] = shapes;
  if (first === undefined || shapes.some((s) => s?.length !== first.length)) return undefined;
  const axis = normalizeAxis(intAttr(node, 'axis', 0), first.length);
  if (axis === undefined) return undefined;
  return first.map((_, i) => {
    const dims = (shapes as Dims[]).map((s) => s[i] ?? null);
    if (i === axis) return dims.includes(null) ? null : dims.reduce<number>((a, b) => a + b!, 0);
    return dims.find((d) => d !== null) ?? null;
  });
};

const flatten: ShapeRule = (node, _location, ctx) => {
  const input = ctx.shape(inputName(node, 0));
  if (input === undefined) return undefined;
  const raw = intAttr(node, 'axis', 1);
  const axis = raw < 0 ? raw + input.length : raw;
  if (axis < 0 || axis > input.length) return undefined;
  return [product(input.slice(0, axis)), product(input.slice(axis))];
};

const reshape: ShapeRule = (node, location, ctx) => {
  const input = ctx.shape(inputName(node, 0));
  const target = ctx.numbers(inputName(node, 1), location);
  if (target === undefined) return undefined;
  const allowZero = intAttr(node, 'allowzero', 0) !== 0;
  // 0 copies the input extent (unless allowzero); -1 is whatever makes the element counts match.
  const dims: Dim[] = target.map((d, i) => (d === 0 && !allowZero ? (input?.[i] ?? null) : d));
  const inferred = dims.indexOf(-1);
  if (inferred >= 0) {
    const total = input === undefined ? null : product(input);
    const rest = product(dims.filter((_, i) => i !== inferred));
    dims[inferred] = total !== null && rest !== null && rest > 0 ? total / rest : null;
  }
  return dims;
};

/** Squeeze / Unsqueeze axes: an attribute before opset 13, an input since. */
function axesOf(node: onnx.INodeProto, location: ModelLocation, ctx: GraphContext): number[] | undefined {
  const name = inputName(node, 1);
  return intsAttr(node, 'axes') ?? (name ? ctx.numbers(name, location) : undefined);
}

const squeeze: ShapeRule = (node, location, ctx) => {
  const input = ctx.shape(inputName(node, 0));
  if (input === undefined) return undefined;
  const axes = axesOf(node, location, ctx);
  if (axes === undefined) return input.includes(null) ? undefined : input.filter((d) => d !== 1);
  const drop = axes.map((a) => normalizeAxis(a, input.length));
  if (drop.includes(undefined)) return undefined;
  return input.filter((_, i) => !drop.includes(i));
};

const unsqueeze: ShapeRule = (node, location, ctx) => {
  const input = ctx.shape(inputName(node, 0));
  const axes = axesOf(node, location, ctx);
  if (input === undefined || axes === undefined) return undefined;
  const rank = input.length + axes.length;
  const inserted = new Set(axes.map((a) => normalizeAxis(a, rank)));
  if (inserted.has(undefined) || inserted.size !== axes.length) return undefined;
  const rest = [...input];
  return Array.from({ length: rank }, (_, i) => (inserted.has(i) ? 1 : rest.shift()!));
};

const transpose: ShapeRule = (node, _location, ctx) => {
  const input = ctx.shape(inputName(node, 0));
  if (input === undefined) return undefined;
  const perm = intsAttr(node, 'perm') ?? input.map((_, i) => input.length - 1 - i);
  const valid = perm.length === input.length && new Set(perm).size === perm.length;
  return valid && perm.every((p) => p >= 0 && p < input.length) ? perm.map((p) => input[p]!) : undefined;
};

/** Pad: pads [x1_begin, x2_begin, ..., x1_end, x2_end], an attribute before opset 11, an input since. */
const pad: ShapeRule = (node, location, ctx) => {
  const input = ctx.shape(inputName(node, 0));
  const name = inputName(node, 1);
  const pads = name ? ctx.numbers(name, location) : intsAttr(node, 'pads');
  if (input === undefined || pads === undefined || pads.length !== 2 * input.length) return undefined;
  return input.map((d, i) => (d === null ? null : d + pads[i]! + pads[i + input.length]!));
};

const pool: ShapeRule = (node, location, ctx) => {
  const input = ctx.shape(inputName(node, 0));
  const kernel = intsAttr(node, 'kernel_shape');
  if (
    input?.length !== 4 ||
    kernel?.length !== 2 ||
    !kernel.every((k) => Number.isSafeInteger(k) && k >= 1)
  ) {
    return undefined;
  }
  const geometry = windowGeometry(node, location, [input[2]!, input[3]!], kernel as [number, number]);
  return [input[0]!, input[1]!, ...geometry.output];
};

const globalPool: ShapeRule = (node, _location, ctx) => {
  const input = ctx.shape(inputName(node, 0));
  if (input === undefined || input.length < 2) return undefined;
  return input.map((d, i) => (i < 2 ? d : 1));
};

/**
 * Resize (opset 10: X, scales; 11+: X, roi, scales, sizes) and Upsample (scales attribute, later input):
 * constant sizes give the output directly, constant scales give floor(input x scale).
 */
const resize: ShapeRule = (node, location, ctx) => {
  const input = ctx.shape(inputName(node, 0));
  if (input === undefined) return undefined;
  const count = node.input?.length ?? 0;
  const scalesName = inputName(node, count >= 3 ? 2 : 1);
  const sizesName = inputName(node, 3);
  const sizes = sizesName ? ctx.numbers(sizesName, location) : undefined;
  const scales = scalesName ? ctx.numbers(scalesName, location) : floatsAttr(node, 'scales');
  const axes = (intsAttr(node, 'axes') ?? input.map((_, i) => i)).map((a) => normalizeAxis(a, input.length));
  const apply = (values: number[] | undefined, f: (d: Dim, v: number) => Dim): Shape => {
    if (values === undefined || values.length === 0 || values.length !== axes.length) return undefined;
    if (axes.includes(undefined)) return undefined;
    const out = [...input];
    axes.forEach((axis, i) => {
      out[axis!] = f(input[axis!]!, values[i]!);
    });
    return out;
  };
  return (
    apply(sizes, (_, v) => v) ?? apply(scales, (d, v) => (d === null || !(v > 0) ? null : Math.floor(d * v)))
  );
};

/** Every op the ONNX importer understands apart from the weight ops, with how it transforms shapes. */
export const SHAPE_RULES: ReadonlyMap<string, ShapeRule> = new Map<string, ShapeRule>([
  ...SAME_SHAPE.map((op): [string, ShapeRule] => [op, sameAsInput]),
  ...BROADCAST.map((op): [string, ShapeRule] => [op, broadcastInputs]),
  ...UNTRACKED.map((op): [string, ShapeRule] => [op, unknown]),
  ['Concat', concat],
  ['Flatten', flatten],
  ['Reshape', reshape],
  ['Squeeze', squeeze],
  ['Unsqueeze', unsqueeze],
  ['Transpose', transpose],
  ['Pad', pad],
  ['MaxPool', pool],
  ['AveragePool', pool],
  ['LpPool', pool],
  ['GlobalAveragePool', globalPool],
  ['GlobalMaxPool', globalPool],
  ['GlobalLpPool', globalPool],
  ['Resize', resize],
  ['Upsample', resize],
]);
