/**
 * The activation tensors of the reference forward pass: batch 1, NHWC, float32. A vector (dense layer
 * input or output) is a 1 x 1 x n tensor.
 */
export interface Activation {
  readonly h: number;
  readonly w: number;
  readonly c: number;
  /** h * w * c values, channel fastest. */
  readonly data: Float32Array;
}

/** A zero-filled h x w x c activation. */
export function zeros(h: number, w: number, c: number): Activation {
  return { h, w, c, data: new Float32Array(h * w * c) };
}

/** Wraps `data` as an h x w x c activation, checking its length. */
export function activation(
  h: number,
  w: number,
  c: number,
  data: Float32Array | readonly number[],
): Activation {
  if (data.length !== h * w * c) {
    throw new RangeError(`an activation of ${h}x${w}x${c} needs ${h * w * c} values, got ${data.length}`);
  }
  return { h, w, c, data: data instanceof Float32Array ? data : Float32Array.from(data) };
}

/** The same values seen as a 1 x 1 x n vector (Flatten). */
export function flatten(x: Activation): Activation {
  return { h: 1, w: 1, c: x.data.length, data: x.data };
}
