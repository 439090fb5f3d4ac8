import type { OnnxSession } from '../onnx/session.js';

/** One input batch: `data` holds dims.reduce(*) floats. */
export interface Batch {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/**
 * Runs `count` inputs through `session` in batches of `batchSize` and concatenates the first output
 * (count x width, the width read off the first batch). Batches are built on demand so only one input
 * batch is in memory at a time.
 */
export async function batchedRun(
  session: OnnxSession,
  count: number,
  batchSize: number,
  batch: (start: number, n: number) => Batch,
): Promise<Float32Array> {
  let out: Float32Array | null = null;
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const { data, dims } = batch(start, n);
    const result = await session.run(data, dims);
    out ??= new Float32Array((count * result.length) / n);
    if (result.length * count !== out.length * n)
      throw new RangeError(`a batch of ${n} gave ${result.length} values`);
    out.set(result, (start * out.length) / count);
  }
  if (out === null) throw new RangeError('no inputs to run');
  return out;
}
