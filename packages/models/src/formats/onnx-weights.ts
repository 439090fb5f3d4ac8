import type { LayerInput } from '@swis-dse/swis-core';
import type { onnx } from 'onnx-proto';
import { ModelError, type ModelLocation } from '../errors.js';
import { checkFinite } from '../read-options.js';
import type { GraphContext, Shape } from './onnx-context.js';
import { inputName } from './onnx-node.js';
import { type OnnxConstant, tensorFloats } from './onnx-tensors.js';

/** What a weight-bearing node contributes: its layer (when its weights are constant) and its output shape. */
export interface WeightOpResult {
  readonly layer?: LayerInput;
  readonly output: Shape;
}

/** Handles one node of a weight-bearing op type. */
export type WeightOp = (node: onnx.INodeProto, location: ModelLocation, ctx: GraphContext) => WeightOpResult;

/** The constant weight operand of a node; weights computed in the graph (e.g. dequantized) cannot be read. */
export function weightConstant(
  node: onnx.INodeProto,
  index: number,
  location: ModelLocation,
  ctx: GraphContext,
): OnnxConstant {
  const name = inputName(node, index);
  const constant = ctx.constant(name);
  if (constant === undefined) {
    throw new ModelError(
      'SWIS_ERR_MODEL_OP',
      { ...location, tensor: name || undefined },
      'weights are not a constant tensor (computed or quantized weights are not supported)',
    );
  }
  return constant;
}

/** Reads a weight constant as float32, counting it against the file's weight limit first. */
export function weightValues(
  constant: OnnxConstant,
  location: ModelLocation,
  ctx: GraphContext,
): Float32Array {
  const at = { ...location, tensor: constant.name };
  ctx.budget.take(constant.dims, at);
  const values = tensorFloats(constant, at, ctx.options);
  checkFinite(values, at);
  return values;
}
