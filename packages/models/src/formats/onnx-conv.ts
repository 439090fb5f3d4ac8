import type { onnx } from 'onnx-proto';
import { ModelError, type ModelLocation } from '../errors.js';
import { fromKCRS, fromTransposedConv } from '../layout.js';
import { slidingOutput, transposedAsConv } from '../spatial.js';
import { type Dim, knownSize, type Shape } from './onnx-context.js';
import { checkedInts, hasAttr, inputName, intAttr, stringAttr } from './onnx-node.js';
import type { OnnxConstant } from './onnx-tensors.js';
import { type WeightOp, weightConstant, weightValues } from './onnx-weights.js';
import { windowGeometry } from './onnx-window.js';

function formatError(location: ModelLocation, detail: string): ModelError {
  return new ModelError('SWIS_ERR_MODEL_FORMAT', location, detail);
}

/** The [height, width] of a Conv input, checking it is NCHW with the channel count the weights expect. */
function convInput(input: Shape, channels: number, location: ModelLocation): [Dim, Dim] {
  if (input === undefined) return [null, null];
  if (input.length !== 4) throw formatError(location, `input has rank ${input.length}, expected NCHW`);
  if (input[1] !== null && input[1] !== channels) {
    throw formatError(location, `input has ${input[1]} channels but the weights expect ${channels}`);
  }
  return [input[2]!, input[3]!];
}

function fourD(constant: OnnxConstant, location: ModelLocation): [number, number, number, number] {
  if (constant.dims.length !== 4) {
    throw new ModelError(
      'SWIS_ERR_MODEL_OP',
      { ...location, tensor: constant.name },
      `weight shape [${constant.dims.join(', ')}] is not a 2-D convolution kernel; only 2-D convolutions are supported`,
    );
  }
  return constant.dims as [number, number, number, number];
}

function checkGroups(group: number, divides: number, location: ModelLocation): void {
  if (!Number.isSafeInteger(group) || group < 1 || divides % group !== 0) {
    throw formatError(location, `group ${group} does not divide ${divides} channels`);
  }
}

function rejectDilation(node: onnx.INodeProto, location: ModelLocation): void {
  const dilations = checkedInts(node, 'dilations', 2, 1, 1, location);
  if (dilations.some((d) => d !== 1)) {
    throw new ModelError(
      'SWIS_ERR_MODEL_OP',
      location,
      `dilations [${dilations.join(', ')}] are not supported; only undilated convolutions are`,
    );
  }
}

function checkKernelShape(node: onnx.INodeProto, kernel: readonly number[], location: ModelLocation): void {
  const declared = checkedInts(node, 'kernel_shape', 2, 1, 1, location);
  if (hasAttr(node, 'kernel_shape') && (declared[0] !== kernel[0] || declared[1] !== kernel[1])) {
    throw formatError(
      location,
      `kernel_shape [${declared.join(', ')}] disagrees with the weights' ${kernel.join(' x ')}`,
    );
  }
}

/** Conv: weight [K, C / group, R, S]; one input channel per group (group = C) makes it depthwise. */
export const conv: WeightOp = (node, location, ctx) => {
  const weight = weightConstant(node, 1, location, ctx);
  const [k, perGroup, r, s] = fourD(weight, location);
  const group = intAttr(node, 'group', 1);
  checkGroups(group, k, location);
  checkKernelShape(node, [r, s], location);
  rejectDilation(node, location);
  const input = ctx.shape(inputName(node, 0));
  const spatial = convInput(input, perGroup * group, location);
  const geometry = windowGeometry(node, location, spatial, [r, s]);
  const values = weightValues(weight, location, ctx);
  const depthwise = group > 1 && perGroup === 1;
  return {
    layer: {
      name: weight.name,
      kind: depthwise ? 'depthwise' : 'conv',
      shape: [k, perGroup, r, s],
      groups: group,
      stride: geometry.stride,
      padding: geometry.padding,
      inputSize: knownSize(spatial),
      weights: fromKCRS(values, k, perGroup, r, s),
    },
    output: [input?.[0] ?? null, k, ...geometry.output],
  };
};

/**
 * ConvTranspose: weight [C, K / group, R, S]. Imported as the equivalent stride-1 convolution over the
 * zero-upsampled input, which has the same weights (rotated) and output; metadata.notes says so.
 */
export const convTranspose: WeightOp = (node, location, ctx) => {
  const weight = weightConstant(node, 1, location, ctx);
  const [channels, perGroupOut, r, s] = fourD(weight, location);
  const group = intAttr(node, 'group', 1);
  checkGroups(group, channels, location);
  checkKernelShape(node, [r, s], location);
  rejectDilation(node, location);
  if (hasAttr(node, 'output_shape') || !['NOTSET', ''].includes(stringAttr(node, 'auto_pad', 'NOTSET'))) {
    throw new ModelError(
      'SWIS_ERR_MODEL_OP',
      location,
      'output_shape and auto_pad are not supported; use pads',
    );
  }
  const stride = checkedInts(node, 'strides', 2, 1, 1, location);
  const pads = checkedInts(node, 'pads', 4, 0, 0, location);
  const outputPadding = checkedInts(node, 'output_padding', 2, 0, 0, location);
  const input = ctx.shape(inputName(node, 0));
  const spatial = convInput(input, channels, location);
  const axis = (i: 0 | 1, kernel: number) => {
    const equivalent = transposedAsConv(
      spatial[i],
      kernel,
      stride[i]!,
      pads[i]!,
      pads[i + 2]!,
      outputPadding[i]!,
    );
    const { input: extent, padBefore, padAfter } = equivalent;
    if (padBefore < 0 || padAfter < 0) {
      throw new ModelError('SWIS_ERR_MODEL_OP', location, 'pads larger than kernel - 1 are not supported');
    }
    return {
      ...equivalent,
      output: extent === null ? null : slidingOutput(extent, kernel, 1, padBefore, padAfter),
    };
  };
  const rows = axis(0, r);
  const cols = axis(1, s);
  const values = weightValues(weight, location, ctx);
  const perGroupIn = channels / group;
  ctx.notes.add(
    'ConvTranspose layers are imported as the equivalent stride-1 convolution over the zero-upsampled input',
  );
  return {
    layer: {
      name: weight.name,
      kind: group > 1 && perGroupIn === 1 ? 'depthwise' : 'conv',
      shape: [perGroupOut * group, perGroupIn, r, s],
      groups: group,
      padding: [rows.padBefore, cols.padBefore, rows.padAfter, cols.padAfter],
      inputSize: knownSize([rows.input, cols.input]),
      weights: fromTransposedConv(values, channels, perGroupOut, r, s, group),
    },
    output: [input?.[0] ?? null, perGroupOut * group, rows.output, cols.output],
  };
};
