/**
 * Activation shapes as the TensorFlow.js importers propagate them through a model, so that each weight
 * layer learns its input size and SAME padding can be resolved. Shapes drop the batch axis.
 */
import { ModelError, type ModelLocation } from '../errors.js';
import type { ReadOptions } from '../read-options.js';
import { type Padding, samePadding2d, slidingOutput } from '../spatial.js';

/**
 * An activation's extents without the batch axis: [h, w, c] for an NHWC feature map, [n] for a vector.
 * A null entry is an extent the file does not pin down; null as a whole is an unknown rank.
 */
export type Dims = readonly (number | null)[] | null;

/** TensorFlow's VALID or SAME padding, or explicit [top, left, bottom, right] pixels. */
export type WindowPadding = 'valid' | 'same' | Padding;

/** A 2-D sliding window: a convolution kernel or a pooling window. */
export interface Window {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: WindowPadding;
}

/** What a window does to its input: the padding it amounts to, the input size it sees, its output. */
export interface WindowResult {
  readonly padding: Padding;
  readonly inputSize: [number, number] | null;
  readonly output: Dims;
}

/** A zero padding op: its unpadded input and the [top, left, bottom, right] pixels it adds. */
export interface ZeroPad {
  readonly input: Dims;
  readonly padding: Padding;
}

/**
 * The input and padding a window sees once the zero padding feeding it is folded in, so the layer reports
 * the unpadded input size. Exact for VALID and explicit padding; SAME padding depends on the padded size,
 * so then nothing is folded.
 */
export function foldZeroPad(
  input: Dims,
  padding: WindowPadding,
  pad: ZeroPad | undefined,
): { input: Dims; padding: WindowPadding } {
  if (pad === undefined || padding === 'same') return { input, padding };
  if (padding === 'valid') return { input: pad.input, padding: pad.padding };
  const [t, l, b, r] = pad.padding;
  return { input: pad.input, padding: [padding[0] + t, padding[1] + l, padding[2] + b, padding[3] + r] };
}

/** A model input's dims with unknown height and width taken from options.inputSize when given. */
export function withInputSize(dims: Dims, options: ReadOptions): Dims {
  if (dims?.length !== 3) return dims;
  const [h, w, c] = dims;
  return [h ?? options.inputSize?.[0] ?? null, w ?? options.inputSize?.[1] ?? null, c ?? null];
}

/** [h, w] of a feature map when both are known. */
export function spatialSize(dims: Dims): [number, number] | null {
  if (dims?.length !== 3) return null;
  const [h, w] = dims;
  return typeof h === 'number' && typeof w === 'number' ? [h, w] : null;
}

/** Size of the last (channel) axis when known. */
export function channelCount(dims: Dims): number | null {
  return dims?.at(-1) ?? null;
}

/**
 * Slides `window` over a feature map producing `outChannels` channels. SAME padding needs the input size;
 * when that is unknown the padding is reported as zeros and the output size as unknown.
 */
export function applyWindow(
  input: Dims,
  window: Window,
  outChannels: number | null,
  location: ModelLocation,
): WindowResult {
  const { kernel, stride } = window;
  const inputSize = spatialSize(input);
  let padding: Padding = [0, 0, 0, 0];
  if (typeof window.padding !== 'string') {
    padding = [...window.padding];
  } else if (window.padding === 'same' && inputSize !== null) {
    padding = samePadding2d(inputSize, kernel, stride);
  }
  if (inputSize === null) return { padding, inputSize, output: [null, null, outChannels] };
  const h = slidingOutput(inputSize[0], kernel[0], stride[0], padding[0], padding[2]);
  const w = slidingOutput(inputSize[1], kernel[1], stride[1], padding[1], padding[3]);
  if (h < 1 || w < 1) {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      location,
      `a ${kernel[0]}x${kernel[1]} window does not fit the ${inputSize[0]}x${inputSize[1]} input`,
    );
  }
  return { padding, inputSize, output: [h, w, outChannels] };
}

/** A feature map after zero padding by [top, left, bottom, right]. */
export function padDims(input: Dims, [top, left, bottom, right]: Padding): Dims {
  const [h = null, w = null, c = null] = input?.length === 3 ? input : [null, null, channelCount(input)];
  return [h === null ? null : h + top + bottom, w === null ? null : w + left + right, c];
}

/** An elementwise op's output under NumPy broadcasting: extents align from the end, an extent of 1 stretches. */
export function broadcastDims(inputs: readonly Dims[]): Dims {
  const ranked = inputs.filter((d): d is readonly (number | null)[] => d !== null);
  if (ranked.length === 0) return null;
  const rank = Math.max(...ranked.map((d) => d.length));
  return Array.from({ length: rank }, (_, i) => {
    const extents = ranked.flatMap((d) => (d.length - rank + i >= 0 ? [d[d.length - rank + i] ?? null] : []));
    const stretched = extents.find((e) => e !== null && e > 1);
    if (stretched !== undefined) return stretched;
    return extents.includes(null) ? null : 1;
  });
}

/** The vector a flatten (or a reshape to rank 1) makes of `input`. */
export function flattenDims(input: Dims): Dims {
  return [product(input)];
}

/** `target` (without batch axis; one entry may be -1) with the -1 resolved when the input size is known. */
export function reshapeDims(input: Dims, target: readonly number[]): Dims {
  const total = product(input);
  const known = target.filter((d) => d >= 0).reduce((a, b) => a * b, 1);
  return target.map((d) => (d >= 0 ? d : total === null || known === 0 ? null : total / known));
}

/** Inputs joined along dims index `axis`. */
export function concatDims(inputs: readonly Dims[], axis: number): Dims {
  const ranked = inputs.filter((d): d is readonly (number | null)[] => d !== null);
  const first = ranked[0];
  if (first === undefined) return null;
  const joined = ranked.length === inputs.length ? ranked.map((d) => d[axis] ?? null) : [null];
  const sum = joined.some((d) => d === null) ? null : (joined as number[]).reduce((a, b) => a + b, 0);
  return first.map((d, i) => (i === axis ? sum : d));
}

/** The result of reducing dims indices `axes` (e.g. a global mean over h and w). */
export function reduceDims(input: Dims, axes: readonly number[], keepDims: boolean): Dims {
  if (input === null) return null;
  if (keepDims) return input.map((d, i) => (axes.includes(i) ? 1 : d));
  return input.filter((_, i) => !axes.includes(i));
}

/** Converts a TensorFlow axis (counting the batch axis, negative from the end) into a dims index. */
export function dimsAxis(axis: number, rank: number): number | null {
  const full = rank + 1;
  const a = axis < 0 ? axis + full : axis;
  return a >= 1 && a < full ? a - 1 : null;
}

function product(dims: Dims): number | null {
  if (dims === null || dims.some((d) => d === null)) return null;
  return (dims as readonly number[]).reduce((a, b) => a * b, 1);
}
