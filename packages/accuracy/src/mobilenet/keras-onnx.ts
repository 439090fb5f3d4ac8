/**
 * A Keras layers model (nsfwjs's MobileNetV2) as an ONNX graph in NCHW, with the conv, depthwise and dense
 * weights taken from swis-core layers (so quantized weights can stand in) and everything else (biases,
 * batch norm) from the Keras weights. Batch norm stays a separate BatchNormalization node, as Keras computes it.
 */

import {
  asArray,
  asInt,
  asNumber,
  asObject,
  asString,
  inboundNames,
  type JsonObject,
  kerasLayerEntry,
  paddingMode,
  pair,
  toKCRS,
  weightName,
  zeroPadding,
} from '@swis-dse/models';
import type { Layer } from '@swis-dse/swis-core';
import { OnnxGraph } from '../onnx/onnx-graph.js';
import type { KerasModel } from './nsfwjs-keras.js';

/** Name of the image input: N x 3 x H x W, RGB in [0, 1] (nsfwjs's preprocessing). */
export const MOBILENET_INPUT = 'images';

/** `features`: the globally pooled backbone output (N x 1280); `probabilities`: the model's output (N x 5). */
export type MobilenetOutput = 'features' | 'probabilities';

/** The weights of one conv, depthwise or dense layer in swis-core layout, matched to Keras by name. */
export type WeightLayer = Pick<Layer, 'name' | 'weights'>;

export interface KerasOnnxOptions {
  /** Input height and width: fixed, or symbolic dim names (the default, 'H' and 'W'). */
  readonly height?: number | string;
  readonly width?: number | string;
  /** The graph outputs, in order (default both); OnnxSession.run returns the first. */
  readonly outputs?: readonly MobilenetOutput[];
}

type Padding = [number, number, number, number];

/** A value of the graph: its ONNX name, channel count, total stride from the input, and whether it is N x C. */
interface Tensor {
  readonly name: string;
  readonly channels: number;
  readonly stride: number;
  readonly vector: boolean;
}

/** Converts `model` to ONNX (opset 13) with the weights of `layers`; every weight layer must be present. */
export function kerasOnnx(
  model: KerasModel,
  layers: readonly WeightLayer[],
  options: KerasOnnxOptions = {},
): Uint8Array {
  const builder = new Builder(model, layers);
  const { file } = model;
  const config = asObject(model.config.config, { file }, 'config');
  const entries = asArray(config.layers, { file }, 'layers');
  let last: Tensor | null = null;
  for (const [i, raw] of entries.entries()) {
    const { entry, cls, cfg, name } = kerasLayerEntry(raw, i, file);
    const sources = cls === 'InputLayer' ? [] : inboundNames(entry.inbound_nodes, { file, op: name });
    last = builder.layer(cls, name, cfg, sources, options);
  }
  const features = builder.pooled;
  if (last === null || features === null) throw new RangeError(`${file}: no input or no global pooling`);
  const values: Record<MobilenetOutput, Tensor> = { features, probabilities: last };
  for (const output of options.outputs ?? ['features', 'probabilities']) {
    const value = values[output];
    builder.graph.node('Identity', [value.name], {}, output);
    builder.graph.output(output, ['N', value.channels]);
  }
  builder.checkAllWeightsUsed();
  return builder.graph.encode(typeof config.name === 'string' ? config.name : 'keras_model');
}

class Builder {
  readonly graph = new OnnxGraph();
  /** The pooled backbone output, once the global pooling layer is converted. */
  pooled: Tensor | null = null;
  private readonly tensors = new Map<string, Tensor>();
  /** ZeroPadding2D layers, folded into the pads of the conv they feed. */
  private readonly paddings = new Map<string, { source: Tensor; padding: Padding }>();
  private readonly scalars = new Map<number, string>();
  private readonly weightLayers: Map<string, WeightLayer>;
  private readonly unused: Set<string>;
  /** The model's declared input height, which fixed-size pooling windows are relative to. */
  private declaredHeight = 0;

  constructor(
    private readonly model: KerasModel,
    layers: readonly WeightLayer[],
  ) {
    this.weightLayers = new Map(layers.map((l) => [l.name, l]));
    this.unused = new Set(this.weightLayers.keys());
  }

  layer(
    cls: string,
    name: string,
    cfg: JsonObject,
    sources: readonly string[],
    options: KerasOnnxOptions,
  ): Tensor {
    const location = { file: this.model.file, op: name };
    const input = () => this.tensor(sources[0], name);
    let out: Tensor;
    switch (cls) {
      case 'InputLayer':
        out = this.input(cfg, options);
        break;
      case 'ZeroPadding2D':
        this.paddings.set(name, { source: input(), padding: zeroPadding(cfg.padding, location) });
        return input();
      case 'Conv2D':
      case 'DepthwiseConv2D':
        out = this.activate(this.conv(name, cfg, sources[0], cls === 'DepthwiseConv2D'), cfg, name);
        break;
      case 'Dense':
        out = this.activate(this.dense(name, cfg, input()), cfg, name);
        break;
      case 'BatchNormalization':
        out = this.batchNorm(name, cfg, input());
        break;
      case 'ReLU':
        out = this.relu(name, cfg, input());
        break;
      case 'Activation':
        out = this.activate(input(), cfg, name);
        break;
      case 'Add':
        out = this.add(name, sources);
        break;
      case 'AveragePooling2D':
        this.checkGlobalWindow(name, cfg, input());
        out = this.globalPool(name, input());
        break;
      case 'GlobalAveragePooling2D':
        out = this.globalPool(name, input());
        break;
      case 'Flatten':
        if (!input().vector) throw new RangeError(`${name}: Flatten of a spatial map (NHWC vs NCHW order)`);
        out = input();
        break;
      case 'Dropout':
        out = input();
        break;
      default:
        throw new RangeError(`${name}: ${cls} is not supported by the ONNX conversion`);
    }
    this.tensors.set(name, out);
    return out;
  }

  checkAllWeightsUsed(): void {
    if (this.unused.size > 0) throw new RangeError(`layers not in the model: ${[...this.unused].join(', ')}`);
  }

  private tensor(source: string | undefined, by: string): Tensor {
    if (source !== undefined && this.paddings.has(source)) {
      throw new RangeError(`${by}: ZeroPadding2D ${source} feeds something other than a 'valid' convolution`);
    }
    const found = source === undefined ? undefined : this.tensors.get(source);
    if (found === undefined) throw new RangeError(`${by}: input ${source} is not converted before it`);
    return found;
  }

  private floats(layer: string, param: string): Float32Array {
    const { weights } = this.model;
    return weights.floats(weightName(weights, layer, param), layer);
  }

  private constant(name: string, values: Float32Array, dims: readonly number[] = [values.length]): string {
    return this.graph.constant(name, dims, values);
  }

  private scalar(value: number): string {
    let name = this.scalars.get(value);
    if (name === undefined) {
      name = this.graph.constant(`scalar_${value}`, [], new Float32Array([value]));
      this.scalars.set(value, name);
    }
    return name;
  }

  private weights(layer: string, count: number): Float32Array {
    const found = this.weightLayers.get(layer);
    if (found === undefined) throw new RangeError(`no weights for layer ${layer}`);
    if (found.weights.length !== count) {
      throw new RangeError(`${layer}: ${found.weights.length} weights, the model needs ${count}`);
    }
    this.unused.delete(layer);
    return found.weights;
  }

  private input(cfg: JsonObject, options: KerasOnnxOptions): Tensor {
    const location = { file: this.model.file, op: 'input' };
    const [, height, , channels] = asArray(cfg.batch_input_shape, location, 'batch_input_shape');
    this.declaredHeight = height === null ? 0 : asInt(height, location, 'height');
    const c = asInt(channels, location, 'channels');
    this.graph.input(MOBILENET_INPUT, ['N', c, options.height ?? 'H', options.width ?? 'W']);
    return { name: MOBILENET_INPUT, channels: c, stride: 1, vector: false };
  }

  private conv(name: string, cfg: JsonObject, source: string | undefined, depthwise: boolean): Tensor {
    const location = { file: this.model.file, op: name };
    if ((cfg.data_format ?? 'channels_last') !== 'channels_last')
      throw new RangeError(`${name}: not channels_last`);
    if (pair(cfg.dilation_rate ?? 1, location, 'dilation_rate').some((d) => d !== 1)) {
      throw new RangeError(`${name}: dilated convolution`);
    }
    const padded = source === undefined ? undefined : this.paddings.get(source);
    const x = padded?.source ?? this.tensor(source, name);
    const [r, s] = pair(cfg.kernel_size, location, 'kernel_size');
    const strides = pair(cfg.strides ?? 1, location, 'strides');
    const pads = convPads(
      name,
      paddingMode(cfg.padding ?? 'valid', location),
      padded?.padding,
      [r, s],
      strides,
    );
    if (depthwise && (cfg.depth_multiplier ?? 1) !== 1) throw new RangeError(`${name}: depth multiplier`);
    const k = depthwise ? x.channels : asInt(cfg.filters, location, 'filters');
    const c = depthwise ? 1 : x.channels;
    const kernel = this.weights(name, k * c * r * s);
    const inputs = [x.name, this.constant(`${name}.weight`, toKCRS(kernel, k, c, r, s), [k, c, r, s])];
    if (cfg.use_bias !== false) inputs.push(this.constant(`${name}.bias`, this.floats(name, 'bias')));
    const group = depthwise ? k : 1;
    const out = this.graph.node('Conv', inputs, { kernel_shape: [r, s], strides, pads, group }, name);
    return { name: out, channels: k, stride: x.stride * strides[0], vector: false };
  }

  private dense(name: string, cfg: JsonObject, x: Tensor): Tensor {
    if (!x.vector) throw new RangeError(`${name}: Dense on a spatial map`);
    const units = asInt(cfg.units, { file: this.model.file, op: name }, 'units');
    const kernel = this.constant(`${name}.weight`, this.weights(name, units * x.channels), [
      units,
      x.channels,
    ]);
    const bias = cfg.use_bias === false ? new Float32Array(units) : this.floats(name, 'bias');
    const out = this.graph.node(
      'Gemm',
      [x.name, kernel, this.constant(`${name}.bias`, bias)],
      { transB: 1 },
      name,
    );
    return { ...x, name: out, channels: units };
  }

  private activate(x: Tensor, cfg: JsonObject, layer: string): Tensor {
    const activation =
      cfg.activation === undefined
        ? 'linear'
        : asString(cfg.activation, { file: this.model.file, op: layer }, 'activation');
    const op = ({ linear: null, relu: 'Relu', softmax: 'Softmax' } as Record<string, string | null>)[
      activation
    ];
    if (op === undefined) throw new RangeError(`${layer}: activation ${activation}`);
    if (op === null) return x;
    if (op === 'Softmax' && !x.vector) throw new RangeError(`${layer}: softmax over a spatial map`);
    return { ...x, name: this.graph.node(op, [x.name], {}, `${layer}_${activation}`) };
  }

  private batchNorm(name: string, cfg: JsonObject, x: Tensor): Tensor {
    const location = { file: this.model.file, op: name };
    if (cfg.axis !== undefined && cfg.axis !== -1 && !(x.vector ? cfg.axis === 1 : cfg.axis === 3)) {
      throw new RangeError(`${name}: batch norm over axis ${JSON.stringify(cfg.axis)}`);
    }
    const epsilon = cfg.epsilon === undefined ? 1e-3 : asNumber(cfg.epsilon, location, 'epsilon');
    const n = x.channels;
    const gamma = cfg.scale === false ? new Float32Array(n).fill(1) : this.floats(name, 'gamma');
    const beta = cfg.center === false ? new Float32Array(n) : this.floats(name, 'beta');
    const params = [
      this.constant(`${name}.gamma`, gamma),
      this.constant(`${name}.beta`, beta),
      this.constant(`${name}.moving_mean`, this.floats(name, 'moving_mean')),
      this.constant(`${name}.moving_variance`, this.floats(name, 'moving_variance')),
    ];
    const out = this.graph.node(
      'BatchNormalization',
      [x.name, ...params],
      { epsilon: { float: epsilon } },
      name,
    );
    return { ...x, name: out };
  }

  private relu(name: string, cfg: JsonObject, x: Tensor): Tensor {
    if ((cfg.negative_slope ?? 0) !== 0 || (cfg.threshold ?? 0) !== 0) {
      throw new RangeError(`${name}: ReLU with a negative slope or threshold`);
    }
    if (cfg.max_value == null) return { ...x, name: this.graph.node('Relu', [x.name], {}, name) };
    const max = asNumber(cfg.max_value, { file: this.model.file, op: name }, 'max_value');
    return { ...x, name: this.graph.node('Clip', [x.name, this.scalar(0), this.scalar(max)], {}, name) };
  }

  private add(name: string, sources: readonly string[]): Tensor {
    const [first, ...rest] = sources.map((s) => this.tensor(s, name));
    if (first === undefined || rest.length === 0) throw new RangeError(`${name}: Add of fewer than 2 inputs`);
    const sum = rest.reduce(
      (acc, x, i) => this.graph.node('Add', [acc, x.name], {}, i === rest.length - 1 ? name : `${name}_${i}`),
      first.name,
    );
    return { ...first, name: sum };
  }

  /**
   * nsfwjs pools with a fixed AveragePooling2D window that covers the whole final map at the declared
   * 224 x 224 input; global pooling is the same there and keeps the backbone usable at other input sizes.
   */
  private checkGlobalWindow(name: string, cfg: JsonObject, x: Tensor): void {
    const location = { file: this.model.file, op: name };
    const [ph, pw] = pair(cfg.pool_size ?? [2, 2], location, 'pool_size');
    const [sh, sw] = cfg.strides == null ? [ph, pw] : pair(cfg.strides, location, 'strides');
    const covers = ph === pw && sh === ph && sw === pw && ph * x.stride === this.declaredHeight;
    if (!covers || paddingMode(cfg.padding ?? 'valid', location) !== 'valid') {
      throw new RangeError(`${name}: an average pooling window that is not the whole final map`);
    }
  }

  private globalPool(name: string, x: Tensor): Tensor {
    if (this.pooled !== null) throw new RangeError(`${name}: a second global pooling`);
    const pooled = this.graph.node('GlobalAveragePool', [x.name], {}, `${name}_pool`);
    this.pooled = { ...x, name: this.graph.node('Flatten', [pooled], {}, name), vector: true };
    return this.pooled;
  }
}

/** ONNX pads [top, left, bottom, right] of a Keras conv, given the ZeroPadding2D feeding it (if any). */
function convPads(
  name: string,
  mode: 'valid' | 'same',
  padding: Padding | undefined,
  [r, s]: [number, number],
  strides: [number, number],
): Padding {
  if (mode === 'valid') return padding ?? [0, 0, 0, 0];
  // TF's 'same' pads asymmetrically when the stride does not divide the size; with stride 1 and an odd
  // kernel it is symmetric and independent of the (possibly symbolic) input size.
  if (padding !== undefined || strides.some((v) => v !== 1) || r % 2 === 0 || s % 2 === 0) {
    throw new RangeError(`${name}: 'same' padding needs stride 1, an odd kernel and no ZeroPadding2D`);
  }
  return [(r - 1) / 2, (s - 1) / 2, (r - 1) / 2, (s - 1) / 2];
}
