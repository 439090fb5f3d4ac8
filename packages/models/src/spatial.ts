/** Spatial arithmetic shared by the graph importers (explicit and TensorFlow-style SAME padding). */

/** [top, left, bottom, right] padding in pixels. */
export type Padding = [number, number, number, number];

/** Output extent of a window of `kernel` pixels sliding with `stride` over `input` + padding. */
export function slidingOutput(
  input: number,
  kernel: number,
  stride: number,
  padBefore: number,
  padAfter: number,
  dilation = 1,
): number {
  return Math.floor(windowSteps(input, kernel, stride, padBefore, padAfter, dilation)) + 1;
}

/** How many strides fit between the first and the last window position, fractional when one is partial. */
function windowSteps(
  input: number,
  kernel: number,
  stride: number,
  padBefore: number,
  padAfter: number,
  dilation: number,
): number {
  return (input + padBefore + padAfter - ((kernel - 1) * dilation + 1)) / stride;
}

/** TensorFlow / ONNX SAME_UPPER padding for one axis: output = ceil(input / stride), extra pixel at the end. */
export function samePadding(input: number, kernel: number, stride: number, dilation = 1): [number, number] {
  const effective = (kernel - 1) * dilation + 1;
  const output = Math.ceil(input / stride);
  const total = Math.max(0, (output - 1) * stride + effective - input);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** SAME padding for a 2-D window as [top, left, bottom, right]. */
export function samePadding2d(
  input: readonly [number, number],
  kernel: readonly [number, number],
  stride: readonly [number, number],
  dilation: readonly [number, number] = [1, 1],
): Padding {
  const [top, bottom] = samePadding(input[0], kernel[0], stride[0], dilation[0]);
  const [left, right] = samePadding(input[1], kernel[1], stride[1], dilation[1]);
  return [top, left, bottom, right];
}

/**
 * Output extent with ceil_mode (PyTorch / ONNX pooling): a partial last window counts, unless it would
 * start in the end padding.
 */
export function slidingOutputCeil(
  input: number,
  kernel: number,
  stride: number,
  padBefore: number,
  padAfter: number,
  dilation = 1,
): number {
  const output = Math.ceil(windowSteps(input, kernel, stride, padBefore, padAfter, dilation)) + 1;
  return (output - 1) * stride >= input + padBefore ? output - 1 : output;
}

/**
 * One axis of a transposed convolution recast as the equivalent stride-1 convolution: the input is
 * zero-upsampled to (input - 1) * stride + 1 pixels and padded by kernel - 1 - pad on each side (plus the
 * output padding at the end). A negative padding means the transposed conv crops more than its kernel.
 */
export function transposedAsConv(
  input: number | null,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  outputPadding: number,
): { input: number | null; padBefore: number; padAfter: number } {
  return {
    input: input === null ? null : (input - 1) * stride + 1,
    padBefore: kernel - 1 - padBegin,
    padAfter: kernel - 1 - padEnd + outputPadding,
  };
}
