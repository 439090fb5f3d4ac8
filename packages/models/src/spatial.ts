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
  const effective = (kernel - 1) * dilation + 1;
  return Math.floor((input + padBefore + padAfter - effective) / stride) + 1;
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
