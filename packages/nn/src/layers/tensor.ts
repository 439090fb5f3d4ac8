/** An NHWC activation batch: `data` holds n x height x width x channels floats (a dense layer has 1 x 1). */
export interface Tensor {
  readonly data: Float32Array;
  readonly n: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** The first n images' worth of a buffer sized for a larger batch. */
export function batchView(
  buffer: Float32Array,
  n: number,
  height: number,
  width: number,
  channels: number,
): Tensor {
  return { data: buffer.subarray(0, n * height * width * channels), n, height, width, channels };
}

/** Something tensors can be allocated in: an Arena, or a counter that only measures how much is needed. */
export interface Allocator {
  alloc(length: number): Float32Array;
}
