/**
 * Turns TensorFlow kernels into swis-core weight layers, shared by the layers-model and graph-model
 * importers: conv [R, S, C, K], depthwise [R, S, C, M] and dense [in, out] tensors, converted to the
 * [K][R][S][C] layout with the input size and padding resolved from the propagated activation shape.
 */
import type { LayerInput } from '@swis-dse/swis-core';
import { ModelError, type ModelLocation } from '../errors.js';
import { fromDepthwiseRSCM, fromInOut, fromRSCK } from '../layout.js';
import {
  applyWindow,
  channelCount,
  type Dims,
  foldZeroPad,
  spatialSize,
  type WindowPadding,
  type ZeroPad,
} from './tfjs-dims.js';
import type { TfjsWeights } from './tfjs-weights.js';

/** The weight layers of a topology, its name, and what the reader should know about it. */
export interface Topology {
  readonly name: string | null;
  readonly layers: LayerInput[];
  readonly notes: string[];
}

/** A weight layer and the activation shape it produces. */
export interface KernelLayer {
  readonly layer: LayerInput;
  readonly output: Dims;
}

/** Where a kernel comes from and how it slides; `expected` pins extents the topology declares (null = any). */
export interface KernelSpec {
  /** Name of the layer (layers model) or node (graph model). */
  readonly name: string;
  readonly tensor: string;
  readonly expected: readonly (number | null)[];
  readonly stride: readonly [number, number];
  readonly padding: WindowPadding;
  readonly dilation: readonly [number, number];
  /** The zero padding op producing this layer's input, folded into the layer's padding when exact. */
  readonly zeroPad?: ZeroPad;
}

/** A (possibly grouped) convolution; groups = input channels / kernel channels, 1 when channels are unknown. */
export function convLayer(spec: KernelSpec, input: Dims, weights: TfjsWeights, file: string): KernelLayer {
  const location = { file, op: spec.name, tensor: spec.tensor };
  const [r, s, cg, k] = kernel4(spec, weights, location);
  const inC = channelCount(input) ?? cg;
  if (inC % cg !== 0 || k % (inC / cg) !== 0) {
    throw new ModelError(
      'SWIS_ERR_MODEL_WEIGHTS',
      location,
      `a kernel of ${cg} input and ${k} output channels cannot apply to ${inC} input channels`,
    );
  }
  const window = slide(spec, input, [r, s], k, location);
  const layer: LayerInput = {
    name: spec.name,
    kind: 'conv',
    shape: [k, cg, r, s],
    groups: inC / cg,
    stride: [...spec.stride],
    padding: window.padding,
    inputSize: window.inputSize,
    weights: fromRSCK(weights.floats(spec.tensor, spec.name), r, s, cg, k),
  };
  return { layer, output: window.output };
}

/** A depthwise convolution with kernel [R, S, C, M]: C groups of M single-channel filters. */
export function depthwiseLayer(
  spec: KernelSpec,
  input: Dims,
  weights: TfjsWeights,
  file: string,
): KernelLayer {
  const location = { file, op: spec.name, tensor: spec.tensor };
  const [r, s, c, m] = kernel4(spec, weights, location);
  checkChannels(input, c, location);
  const window = slide(spec, input, [r, s], c * m, location);
  const layer: LayerInput = {
    name: spec.name,
    kind: 'depthwise',
    shape: [c * m, 1, r, s],
    groups: c,
    stride: [...spec.stride],
    padding: window.padding,
    inputSize: window.inputSize,
    weights: fromDepthwiseRSCM(weights.floats(spec.tensor, spec.name), r, s, c, m),
  };
  return { layer, output: window.output };
}

/**
 * A dense layer with matrix [in, out] ([out, in] when `transposed`), applied to the last axis. Its input
 * size is [1, 1] on a vector and the map size when applied per pixel to a feature map.
 */
export function denseLayer(
  name: string,
  tensor: string,
  expected: readonly (number | null)[],
  transposed: boolean,
  input: Dims,
  weights: TfjsWeights,
  file: string,
): KernelLayer {
  const location = { file, op: name, tensor };
  const spec = { name, tensor, expected, stride: [1, 1], padding: 'valid', dilation: [1, 1] } as const;
  const [a, b] = kernelShape(spec, weights, location) as [number, number];
  const [inputs, outputs] = transposed ? [b, a] : [a, b];
  checkChannels(input, inputs, location);
  const values = weights.floats(tensor, name);
  const layer: LayerInput = {
    name,
    kind: 'dense',
    shape: [outputs, inputs, 1, 1],
    inputSize: input?.length === 3 ? spatialSize(input) : [1, 1],
    weights: transposed ? values : fromInOut(values, inputs, outputs),
  };
  return { layer, output: input === null ? [outputs] : [...input.slice(0, -1), outputs] };
}

function slide(
  spec: KernelSpec,
  input: Dims,
  kernel: readonly [number, number],
  outChannels: number,
  location: ModelLocation,
) {
  const folded = foldZeroPad(input, spec.padding, spec.zeroPad);
  return applyWindow(
    folded.input,
    { kernel, stride: spec.stride, padding: folded.padding },
    outChannels,
    location,
  );
}

function kernel4(
  spec: KernelSpec,
  weights: TfjsWeights,
  location: ModelLocation,
): [number, number, number, number] {
  return kernelShape(spec, weights, location) as [number, number, number, number];
}

/** The kernel tensor's shape, checked against what the topology declares (so of `expected`'s rank). */
function kernelShape(spec: KernelSpec, weights: TfjsWeights, location: ModelLocation): number[] {
  const shape = weights.shape(spec.tensor);
  if (shape === undefined) {
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', location, 'the weights manifest has no such tensor');
  }
  const fits =
    shape.length === spec.expected.length && spec.expected.every((e, i) => e === null || e === shape[i]);
  if (!fits || shape.some((d) => d < 1)) {
    const want = spec.expected.map((e) => e ?? '?').join(', ');
    throw new ModelError(
      'SWIS_ERR_MODEL_WEIGHTS',
      location,
      `shape [${shape.join(', ')}] should be [${want}]`,
    );
  }
  if (spec.dilation[0] !== 1 || spec.dilation[1] !== 1) {
    throw new ModelError(
      'SWIS_ERR_MODEL_OP',
      location,
      `dilation ${spec.dilation.join('x')} is not supported: a swis-core layer has no dilation`,
    );
  }
  return [...shape];
}

function checkChannels(input: Dims, expected: number, location: ModelLocation): void {
  const actual = channelCount(input);
  if (actual !== null && actual !== expected) {
    throw new ModelError(
      'SWIS_ERR_MODEL_WEIGHTS',
      location,
      `the kernel expects ${expected} input channels but its input has ${actual}`,
    );
  }
}
