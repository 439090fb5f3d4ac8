import type { LayerInput, Network } from '@swis-dse/swis-core';
import onnxProto, { type onnx } from 'onnx-proto';
import { ModelError, type ModelLocation } from '../errors.js';
import type { ReadOptions } from '../read-options.js';
import { baseName, stemName } from './file-name.js';
import { finishNetwork } from './network-result.js';
import { type Dim, GraphContext, type Shape } from './onnx-context.js';
import { conv, convTranspose } from './onnx-conv.js';
import { gemm, matMul } from './onnx-dense.js';
import { nodeLabel, toNumber } from './onnx-node.js';
import { SHAPE_RULES } from './onnx-shapes.js';
import { collectConstants } from './onnx-tensors.js';
import type { WeightOp } from './onnx-weights.js';
import { WeightBudget } from './weight-budget.js';

/** Ops that carry weights, with their handlers. */
const WEIGHT_OPS: ReadonlyMap<string, WeightOp> = new Map([
  ['Conv', conv],
  ['ConvTranspose', convTranspose],
  ['Gemm', gemm],
  ['MatMul', matMul],
]);

/**
 * Reads an ONNX model. Conv (plain, grouped, depthwise), ConvTranspose, Gemm and MatMul nodes with constant
 * weights (initializers or Constant nodes, FLOAT / FLOAT16 / BFLOAT16 / DOUBLE) become layers in node
 * order. Each conv's stride, padding and input size follow from its attributes and from shapes propagated
 * through the graph, starting at the graph inputs' declared NCHW dims; symbolic height / width are taken
 * from options.inputSize when given, and are otherwise unknown (inputSize null). Batch-norm is not folded:
 * metadata.batchNormFolded is true only when the graph has no BatchNormalization node.
 *
 * @throws ModelError naming the file and the op or tensor: SWIS_ERR_MODEL_FORMAT for bytes that do not
 * decode or an inconsistent graph, SWIS_ERR_MODEL_OP for an operator outside the supported set (or
 * dilated / non-constant weights), SWIS_ERR_MODEL_WEIGHTS for non-float, external or non-finite weights,
 * SWIS_ERR_MODEL_LIMIT beyond options.maxWeights.
 */
export function readOnnx(bytes: Uint8Array, file: string, options: ReadOptions = {}): Network {
  const graph = decodeGraph(bytes, file);
  const ctx = new GraphContext(file, options, new WeightBudget(options), collectConstants(graph));
  for (const input of graph.input ?? []) {
    if (input.name && ctx.constant(input.name) === undefined) {
      ctx.setShape(input.name, declaredShape(input, options));
    }
  }
  const layers: LayerInput[] = [];
  let batchNorm = false;
  for (const [index, node] of (graph.node ?? []).entries()) {
    const op = node.opType ?? '';
    const location: ModelLocation = { file, op: nodeLabel(node, index) };
    if (node.domain && node.domain !== 'ai.onnx') {
      throw new ModelError('SWIS_ERR_MODEL_OP', location, `operator ${node.domain}.${op} is not supported`);
    }
    // Constant outputs were collected up front and their shapes are their declared dims.
    if (op === 'Constant') continue;
    batchNorm ||= op === 'BatchNormalization';
    const weightOp = WEIGHT_OPS.get(op);
    let output: Shape;
    if (weightOp) {
      const result = weightOp(node, location, ctx);
      if (result.layer) layers.push(result.layer);
      output = result.output;
    } else {
      const rule = SHAPE_RULES.get(op);
      if (rule === undefined) {
        throw new ModelError('SWIS_ERR_MODEL_OP', location, `operator ${op || '(empty)'} is not supported`);
      }
      output = rule(node, location, ctx);
    }
    ctx.setShape(node.output?.[0] ?? '', checkShape(output, location));
  }
  return finishNetwork(
    {
      name: stemName(file),
      layers,
      metadata: { source: `onnx file ${baseName(file)}`, batchNormFolded: !batchNorm, notes: [...ctx.notes] },
    },
    file,
  );
}

/** Decodes the protobuf; protobufjs throws plain Errors (or RangeErrors) on malformed bytes. */
function decodeGraph(bytes: Uint8Array, file: string): onnx.IGraphProto {
  let model: onnx.ModelProto;
  try {
    model = onnxProto.onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      { file },
      `is not a valid ONNX protobuf: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!model.graph)
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', { file }, 'is not an ONNX model (it has no graph)');
  return model.graph;
}

/** A graph input's declared dims; symbolic NCHW height and width come from options.inputSize when given. */
function declaredShape(input: onnx.IValueInfoProto, options: ReadOptions): Shape {
  const dims = input.type?.tensorType?.shape?.dim;
  if (!dims) return undefined;
  const shape: Dim[] = dims.map((d) => {
    const value = d.dimValue === undefined ? 0 : toNumber(d.dimValue);
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  });
  if (shape.length === 4 && options.inputSize) {
    shape[2] ??= options.inputSize[0];
    shape[3] ??= options.inputSize[1];
  }
  return shape;
}

/** Rejects inferred extents that are not positive integers: they only come from inconsistent graphs. */
function checkShape(shape: Shape, location: ModelLocation): Shape {
  if (shape?.some((d) => d !== null && !(Number.isSafeInteger(d) && d > 0))) {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      location,
      `output shape [${shape.join(', ')}] has an extent that is not a positive integer`,
    );
  }
  return shape;
}
