import type { LayerInput } from '@swis-dse/swis-core';
import { ModelError, type ModelLocation } from '../errors.js';
import { fromInOut } from '../layout.js';
import { broadcast, type Dims, type GraphContext, type Shape } from './onnx-context.js';
import { floatAttr, inputName, intAttr } from './onnx-node.js';
import type { OnnxConstant } from './onnx-tensors.js';
import { type WeightOp, weightValues } from './onnx-weights.js';

/** A dense layer from a 2-D constant operand, given as [out, in] or, with `inOut`, as [in, out]. */
function denseLayer(
  constant: OnnxConstant,
  inOut: boolean,
  activation: Shape,
  location: ModelLocation,
  ctx: GraphContext,
  scale = 1,
): LayerInput {
  if (constant.dims.length !== 2) {
    throw new ModelError(
      'SWIS_ERR_MODEL_OP',
      { ...location, tensor: constant.name },
      `constant operand of shape [${constant.dims.join(', ')}] is not a 2-D weight matrix`,
    );
  }
  const [d0, d1] = constant.dims as [number, number];
  const values = weightValues(constant, location, ctx);
  const weights = inOut ? fromInOut(values, d0, d1) : values;
  if (scale !== 1) for (let i = 0; i < weights.length; i++) weights[i]! *= scale;
  return {
    name: constant.name,
    kind: 'dense',
    shape: inOut ? [d1, d0, 1, 1] : [d0, d1, 1, 1],
    // A matrix input is a batch of vectors, each a 1 x 1 "feature map" for the [out, in, 1, 1] layer.
    inputSize: activation?.length === 2 ? [1, 1] : null,
    weights,
  };
}

/** Gemm: Y = alpha * A * B (+ C); B is [in, out], or [out, in] with transB. alpha is folded into the weights. */
export const gemm: WeightOp = (node, location, ctx) => {
  const transA = intAttr(node, 'transA', 0) !== 0;
  const transB = intAttr(node, 'transB', 0) !== 0;
  const a = ctx.shape(inputName(node, 0));
  const b = ctx.shape(inputName(node, 1));
  const output: Dims = [a?.[transA ? 1 : 0] ?? null, b?.[transB ? 0 : 1] ?? null];
  const weight = ctx.constant(inputName(node, 1));
  if (weight === undefined) return { output };
  // Gemm's A is a matrix by definition, even when shape inference lost its dims.
  const matrix: Shape = a ?? [null, null];
  return { layer: denseLayer(weight, !transB, matrix, location, ctx, floatAttr(node, 'alpha', 1)), output };
};

/** MatMul: a constant right operand is [in, out] weights; a constant left operand is [out, in]. */
export const matMul: WeightOp = (node, location, ctx) => {
  const a = ctx.shape(inputName(node, 0));
  const b = ctx.shape(inputName(node, 1));
  const output = matMulShape(a, b);
  const right = ctx.constant(inputName(node, 1));
  if (right) return { layer: denseLayer(right, true, a, location, ctx), output };
  const left = ctx.constant(inputName(node, 0));
  if (left) return { layer: denseLayer(left, false, b, location, ctx), output };
  return { output };
};

/** numpy matmul shape for operands of rank >= 2: broadcast batch dims, then [rows of a, columns of b]. */
function matMulShape(a: Shape, b: Shape): Shape {
  if (a === undefined || b === undefined || a.length < 2 || b.length < 2) return undefined;
  return [...broadcast([a.slice(0, -2), b.slice(0, -2)])!, a[a.length - 2]!, b[b.length - 1]!];
}
