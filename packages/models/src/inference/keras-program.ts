/**
 * Builds a forward-pass program from a TensorFlow.js layers model (Keras Functional or Sequential topology)
 * and its weights. Supported layers: InputLayer, Conv2D, DepthwiseConv2D, Dense, BatchNormalization, ReLU,
 * Activation, Add, ZeroPadding2D, AveragePooling2D, GlobalAveragePooling2D, Flatten, Reshape (to a vector),
 * Dropout (identity at inference), Softmax.
 */
import { ModelError } from '../errors.js';
import { asArray, asInt, asNumber, asObject, asString, type JsonObject } from '../formats/tfjs-json.js';
import {
  inboundNames,
  kerasLayerEntry,
  paddingMode,
  pair,
  weightName,
  zeroPadding,
} from '../formats/tfjs-keras-config.js';
import type { TfjsWeights } from '../formats/tfjs-weights.js';
import { conv2d, dense, depthwiseConv2d } from './conv-ops.js';
import {
  activate,
  add,
  avgPool,
  batchNormParams,
  globalAvgPool,
  pad,
  relu,
  scaleShift,
  softmax,
} from './elementwise-ops.js';
import type { Program, Step } from './program.js';
import { flatten } from './tensor.js';

interface Context {
  readonly weights: TfjsWeights;
  readonly file: string;
  /** ZeroPadding2D layer name -> its input's name. */
  readonly padSources: Map<string, string>;
}

type Run = Step['run'];

/** The program of a layers model's `modelTopology` (with or without its `model_config` wrapper). */
export function kerasProgram(topology: JsonObject, weights: TfjsWeights, file: string): Program {
  const model = asObject(topology.model_config ?? topology, { file }, 'modelTopology.model_config');
  const modelClass = asString(model.class_name, { file }, 'model class_name');
  const config = model.config;
  const entries = Array.isArray(config)
    ? config
    : asArray(asObject(config, { file }, 'config').layers, { file }, 'layers');
  const ctx: Context = { weights, file, padSources: new Map() };
  const steps: Step[] = [];
  let input: string | null = null;
  let previous: string | null = null;
  for (const [i, raw] of entries.entries()) {
    const { entry, cls, cfg, name } = kerasLayerEntry(raw, i, file);
    if (cls === 'InputLayer') {
      input = name;
      previous = name;
      continue;
    }
    let sources: string[];
    if (modelClass === 'Sequential') {
      if (previous === null) {
        input = 'input';
        previous = input;
      }
      sources = [previous];
    } else {
      sources = inboundNames(entry.inbound_nodes, { file, op: name });
    }
    steps.push(kerasStep(cls, name, cfg, sources, ctx));
    previous = name;
  }
  if (input === null || previous === null) {
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', { file }, 'the model has no input layer');
  }
  return { input, steps, output: previous };
}

function kerasStep(cls: string, name: string, cfg: JsonObject, inputs: string[], ctx: Context): Step {
  const location = { file: ctx.file, op: name };
  const floats = (param: string) => ctx.weights.floats(weightName(ctx.weights, name, param), name);
  const optional = (flag: unknown, param: string) => (flag === false ? null : floats(param));
  const step = (run: Run): Step => ({ name, inputs, run });
  const weightStep = (run: Run): Step => {
    const source = inputs[0] ?? '';
    return { name, inputs, run, weightLayer: { layer: name, input: ctx.padSources.get(source) ?? source } };
  };
  const activation =
    cfg.activation === undefined ? 'linear' : asString(cfg.activation, location, 'activation');
  switch (cls) {
    case 'Conv2D': {
      const spec = {
        ...windowOf(cfg, location),
        weights: floats('kernel'),
        outChannels: asInt(cfg.filters, location, 'filters'),
        bias: cfg.use_bias === false ? null : floats('bias'),
      };
      return weightStep(([x]) => activate(conv2d(x!, spec), activation));
    }
    case 'DepthwiseConv2D': {
      const spec = {
        ...windowOf(cfg, location),
        weights: floats('depthwise_kernel'),
        multiplier:
          cfg.depth_multiplier === undefined ? 1 : asInt(cfg.depth_multiplier, location, 'depth_multiplier'),
        bias: cfg.use_bias === false ? null : floats('bias'),
      };
      return weightStep(([x]) => activate(depthwiseConv2d(x!, spec), activation));
    }
    case 'Dense': {
      const kernel = floats('kernel');
      const units = asInt(cfg.units, location, 'units');
      const bias = cfg.use_bias === false ? null : floats('bias');
      return weightStep(([x]) => activate(dense(x!, kernel, units, bias), activation));
    }
    case 'BatchNormalization': {
      const epsilon = cfg.epsilon === undefined ? 1e-3 : asNumber(cfg.epsilon, location, 'epsilon');
      const { scale, offset } = batchNormParams(
        optional(cfg.scale, 'gamma'),
        optional(cfg.center, 'beta'),
        floats('moving_mean'),
        floats('moving_variance'),
        epsilon,
      );
      return step(([x]) => scaleShift(x!, scale, offset));
    }
    case 'ReLU': {
      if ((cfg.negative_slope ?? 0) !== 0 || (cfg.threshold ?? 0) !== 0) {
        throw new ModelError('SWIS_ERR_MODEL_OP', location, 'ReLU with a negative slope or threshold');
      }
      const max =
        cfg.max_value == null ? Number.POSITIVE_INFINITY : asNumber(cfg.max_value, location, 'max_value');
      return step(([x]) => relu(x!, max));
    }
    case 'Activation':
      return step(([x]) => activate(x!, activation));
    case 'Softmax':
      return step(([x]) => softmax(x!));
    case 'Add':
      return step((xs) => add(xs));
    case 'ZeroPadding2D': {
      const padding = zeroPadding(cfg.padding, location);
      ctx.padSources.set(name, inputs[0] ?? '');
      return step(([x]) => pad(x!, padding));
    }
    case 'AveragePooling2D':
    case 'AvgPool2D': {
      const kernel = pair(cfg.pool_size ?? [2, 2], location, 'pool_size');
      const stride = cfg.strides == null ? kernel : pair(cfg.strides, location, 'strides');
      const padding = paddingMode(cfg.padding ?? 'valid', location);
      return step(([x]) => avgPool(x!, { kernel, stride, padding }));
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalAvgPool2D':
      return step(([x]) => globalAvgPool(x!));
    case 'Flatten':
      return step(([x]) => flatten(x!));
    case 'Reshape': {
      if (asArray(cfg.target_shape, location, 'target_shape').length !== 1) {
        throw new ModelError('SWIS_ERR_MODEL_OP', location, 'Reshape to anything but a vector');
      }
      return step(([x]) => flatten(x!));
    }
    case 'Dropout':
    case 'SpatialDropout2D':
      return step(([x]) => x!);
    default:
      throw new ModelError('SWIS_ERR_MODEL_OP', location, `the forward pass does not support ${cls}`);
  }
}

function windowOf(cfg: JsonObject, location: { file: string; op: string }) {
  if (typeof cfg.data_format === 'string' && cfg.data_format !== 'channels_last') {
    throw new ModelError('SWIS_ERR_MODEL_OP', location, `data_format ${cfg.data_format}`);
  }
  return {
    kernel: pair(cfg.kernel_size, location, 'kernel_size'),
    stride: pair(cfg.strides ?? 1, location, 'strides'),
    dilation: pair(cfg.dilation_rate ?? 1, location, 'dilation_rate'),
    padding: paddingMode(cfg.padding ?? 'valid', location),
  };
}
