/**
 * TensorFlow.js layers models (Keras topology: Sequential or Functional): walks the layers in their saved
 * (topological) order, propagating activation shapes, and emits a weight layer per Conv2D, DepthwiseConv2D,
 * SeparableConv2D (two layers) and Dense.
 */
import type { LayerInput } from '@swis-dse/swis-core';
import { ModelError } from '../errors.js';
import type { ReadOptions } from '../read-options.js';
import {
  applyWindow,
  broadcastDims,
  channelCount,
  concatDims,
  type Dims,
  dimsAxis,
  flattenDims,
  padDims,
  reduceDims,
  reshapeDims,
  type ZeroPad,
} from './tfjs-dims.js';
import { asArray, asInt, asIntArray, asObject, asString, isObject, type JsonObject } from './tfjs-json.js';
import {
  inboundNames,
  inputDims,
  kerasLayerEntry,
  paddingMode,
  pair,
  weightName,
  zeroPadding,
} from './tfjs-keras-config.js';
import { convLayer, denseLayer, depthwiseLayer, type KernelSpec, type Topology } from './tfjs-kernels.js';
import type { TfjsWeights } from './tfjs-weights.js';

/** Layers without conv/dense weights whose output broadcasts their inputs (one input: its shape). */
const ELEMENTWISE = new Set([
  'Activation',
  'ActivityRegularization',
  'Add',
  'AlphaDropout',
  'Average',
  'BatchNormalization',
  'Dropout',
  'ELU',
  'GaussianDropout',
  'GaussianNoise',
  'LayerNormalization',
  'LeakyReLU',
  'Maximum',
  'Minimum',
  'Multiply',
  'PReLU',
  'ReLU',
  'Rescaling',
  'Softmax',
  'SpatialDropout2D',
  'Subtract',
  'ThresholdedReLU',
]);

interface Context {
  readonly weights: TfjsWeights;
  readonly file: string;
  readonly options: ReadOptions;
  readonly layers: LayerInput[];
  /** Outputs of ZeroPadding2D layers, which a following VALID conv folds into its padding. */
  readonly zeroPads: Map<string, ZeroPad>;
}

/** Reads a layers-model topology (`modelTopology`, with or without its `model_config` wrapper). */
export function readLayersTopology(
  topology: JsonObject,
  weights: TfjsWeights,
  file: string,
  options: ReadOptions,
): Topology {
  const model = asObject(topology.model_config ?? topology, { file }, 'modelTopology.model_config');
  const modelClass = asString(model.class_name, { file }, 'model class_name');
  const config = model.config;
  const ctx: Context = { weights, file, options, layers: [], zeroPads: new Map() };
  let entries: readonly unknown[];
  let name: string | null = null;
  if (modelClass === 'Sequential') {
    entries = Array.isArray(config)
      ? config
      : asArray(asObject(config, { file }, 'config').layers, { file }, 'layers');
  } else if (modelClass === 'Model' || modelClass === 'Functional') {
    entries = asArray(asObject(config, { file }, 'config').layers, { file }, 'layers');
  } else {
    throw new ModelError('SWIS_ERR_MODEL_OP', { file }, `unsupported model class ${modelClass}`);
  }
  if (isObject(config) && typeof config.name === 'string') name = config.name;

  const outputs = new Map<string, Dims>();
  const [h, w] = options.inputSize ?? [null, null];
  // A Sequential model whose first layer declares no batch shape starts from options.inputSize.
  const initial: Dims = h === null ? null : [h, w, null];
  let previous: string | null = null;
  let batchNorms = 0;
  for (const [i, raw] of entries.entries()) {
    const { entry, cls, cfg, name: layerName } = kerasLayerEntry(raw, i, file);
    const location = { file, op: layerName };
    let sources: string[] = [];
    if (modelClass !== 'Sequential') sources = inboundNames(entry.inbound_nodes, location);
    else if (previous !== null) sources = [previous];
    const inputs = sources.map((n) => {
      const dims = outputs.get(n);
      if (dims === undefined) {
        throw new ModelError(
          'SWIS_ERR_MODEL_FORMAT',
          location,
          `input ${n} is not defined before this layer`,
        );
      }
      return dims;
    });
    if (modelClass === 'Sequential' && i === 0) {
      const declared = cfg.batch_input_shape ?? cfg.batch_shape;
      inputs.push(declared === undefined ? initial : inputDims(declared, options, location));
    }
    if (cls === 'BatchNormalization') batchNorms++;
    const zeroPad = sources[0] === undefined ? undefined : ctx.zeroPads.get(sources[0]);
    outputs.set(layerName, applyLayer(cls, layerName, cfg, inputs, zeroPad, ctx));
    previous = layerName;
  }
  const notes =
    batchNorms > 0
      ? [`${batchNorms} BatchNormalization layers are separate, not folded into the weights`]
      : [];
  return { name, layers: ctx.layers, notes };
}

function applyLayer(
  cls: string,
  name: string,
  cfg: JsonObject,
  inputs: readonly Dims[],
  zeroPad: ZeroPad | undefined,
  ctx: Context,
): Dims {
  const { file, weights } = ctx;
  const location = { file, op: name };
  const input = inputs[0] ?? null;
  if (ELEMENTWISE.has(cls)) return broadcastDims(inputs);
  if (typeof cfg.data_format === 'string' && cfg.data_format !== 'channels_last') {
    throw new ModelError('SWIS_ERR_MODEL_OP', location, `${cls} with data_format ${cfg.data_format}`);
  }
  const emit = (built: { layer: LayerInput; output: Dims }): Dims => {
    ctx.layers.push(built.layer);
    return built.output;
  };
  switch (cls) {
    case 'InputLayer':
      return inputDims(cfg.batch_input_shape ?? cfg.batch_shape, ctx.options, location);
    case 'Conv2D': {
      const [kh, kw] = pair(cfg.kernel_size, location, 'kernel_size');
      const filters = asInt(cfg.filters, location, 'filters');
      return emit(
        convLayer(
          windowSpec(name, 'kernel', [kh, kw, null, filters], cfg, zeroPad, ctx),
          input,
          weights,
          file,
        ),
      );
    }
    case 'DepthwiseConv2D': {
      const [kh, kw] = pair(cfg.kernel_size, location, 'kernel_size');
      const m =
        cfg.depth_multiplier === undefined ? 1 : asInt(cfg.depth_multiplier, location, 'depth_multiplier');
      const spec = windowSpec(name, 'depthwise_kernel', [kh, kw, null, m], cfg, zeroPad, ctx);
      return emit(depthwiseLayer(spec, input, weights, file));
    }
    case 'SeparableConv2D': {
      const [kh, kw] = pair(cfg.kernel_size, location, 'kernel_size');
      const m =
        cfg.depth_multiplier === undefined ? 1 : asInt(cfg.depth_multiplier, location, 'depth_multiplier');
      const filters = asInt(cfg.filters, location, 'filters');
      const depthwise = windowSpec(name, 'depthwise_kernel', [kh, kw, null, m], cfg, zeroPad, ctx);
      const mid = emit(depthwiseLayer({ ...depthwise, name: `${name}/depthwise` }, input, weights, file));
      const pointwise: KernelSpec = {
        name: `${name}/pointwise`,
        tensor: weightName(weights, name, 'pointwise_kernel'),
        expected: [1, 1, null, filters],
        stride: [1, 1],
        padding: 'valid',
        dilation: [1, 1],
      };
      return emit(convLayer(pointwise, mid, weights, file));
    }
    case 'Dense': {
      const units = asInt(cfg.units, location, 'units');
      const tensor = weightName(weights, name, 'kernel');
      return emit(denseLayer(name, tensor, [null, units], false, input, weights, file));
    }
    case 'ZeroPadding2D': {
      const padding = zeroPadding(cfg.padding, location);
      ctx.zeroPads.set(name, { input, padding });
      return padDims(input, padding);
    }
    case 'MaxPooling2D':
    case 'MaxPool2D':
    case 'AveragePooling2D':
    case 'AvgPool2D': {
      const kernel = pair(cfg.pool_size ?? [2, 2], location, 'pool_size');
      const stride =
        cfg.strides === undefined || cfg.strides === null ? kernel : pair(cfg.strides, location, 'strides');
      const padding = paddingMode(cfg.padding ?? 'valid', location);
      return applyWindow(input, { kernel, stride, padding }, channelCount(input), location).output;
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalAvgPool2D':
    case 'GlobalMaxPooling2D':
    case 'GlobalMaxPool2D':
      return reduceDims(input ?? [null, null, null], [0, 1], cfg.keepdims === true);
    case 'Flatten':
      return flattenDims(input);
    case 'Reshape':
      return reshapeDims(input, asIntArray(cfg.target_shape, location, 'target_shape'));
    case 'Concatenate': {
      const axis = cfg.axis === undefined ? -1 : asInt(cfg.axis, location, 'axis');
      const index = dimsAxis(axis, input?.length ?? 3);
      if (index === null) throw new ModelError('SWIS_ERR_MODEL_OP', location, `Concatenate on axis ${axis}`);
      return concatDims(inputs, index);
    }
    default:
      throw new ModelError('SWIS_ERR_MODEL_OP', location, `unsupported layer class ${cls}`);
  }
}

/** The kernel spec of a Keras conv-like layer from its strides / padding / dilation_rate config. */
function windowSpec(
  name: string,
  param: string,
  expected: readonly (number | null)[],
  cfg: JsonObject,
  zeroPad: ZeroPad | undefined,
  ctx: Context,
): KernelSpec {
  const location = { file: ctx.file, op: name };
  return {
    name,
    tensor: weightName(ctx.weights, name, param),
    expected,
    stride: pair(cfg.strides ?? 1, location, 'strides'),
    padding: paddingMode(cfg.padding ?? 'valid', location),
    dilation: pair(cfg.dilation_rate ?? 1, location, 'dilation_rate'),
    zeroPad,
  };
}
