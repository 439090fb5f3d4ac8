/** How far reconstructed weights are from the originals. */
export interface ErrorStats {
  readonly weightCount: number;
  /** Sum of squared errors. */
  readonly sse: number;
  /** Mean squared error per weight. */
  readonly mse: number;
  /** Signal-to-quantization-noise ratio, 10 log10(sum w^2 / SSE); Infinity when the error is zero. */
  readonly sqnrDb: number;
  readonly maxAbsError: number;
  /** Sum of squared original weights. */
  readonly signal: number;
}

/** Error statistics of `reconstructed` against `original` (same length). */
export function errorStats(original: Float32Array, reconstructed: Float32Array): ErrorStats {
  let sse = 0;
  let signal = 0;
  let maxAbsError = 0;
  for (let i = 0; i < original.length; i++) {
    const w = original[i]!;
    const diff = w - reconstructed[i]!;
    sse += diff * diff;
    signal += w * w;
    // Plain compares: Math.max/Math.abs carry NaN and -0 handling this hot loop does not need.
    const magnitude = diff < 0 ? -diff : diff;
    if (magnitude > maxAbsError) maxAbsError = magnitude;
  }
  return statsFromSums(original.length, sse, signal, maxAbsError);
}

/** Combines the statistics of disjoint parts (e.g. layers) into one. */
export function combineErrorStats(parts: readonly ErrorStats[]): ErrorStats {
  return statsFromSums(
    parts.reduce((n, p) => n + p.weightCount, 0),
    parts.reduce((s, p) => s + p.sse, 0),
    parts.reduce((s, p) => s + p.signal, 0),
    parts.reduce((m, p) => Math.max(m, p.maxAbsError), 0),
  );
}

/** Error statistics from their running sums. */
export function statsFromSums(
  weightCount: number,
  sse: number,
  signal: number,
  maxAbsError: number,
): ErrorStats {
  return {
    weightCount,
    sse,
    mse: weightCount === 0 ? 0 : sse / weightCount,
    sqnrDb: sqnrDb(signal, sse),
    maxAbsError,
    signal,
  };
}

/** 10 log10(signal / noise); Infinity for zero noise. */
export function sqnrDb(signal: number, noise: number): number {
  if (noise === 0) return Number.POSITIVE_INFINITY;
  return 10 * Math.log10(signal / noise);
}
