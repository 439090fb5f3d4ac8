import { ModelError, type ModelLocation } from './errors.js';

/** Limits and hints every model reader accepts. */
export interface ReadOptions {
  /** Largest number of weight values accepted across the whole file. @defaultValue 100_000_000 */
  readonly maxWeights?: number;
  /** [height, width] of the network input when the file does not declare it. */
  readonly inputSize?: readonly [number, number];
}

export const DEFAULT_MAX_WEIGHTS = 100_000_000;

/** Throws SWIS_ERR_MODEL_LIMIT when a declared element count is absurd or beyond the limit, before allocating. */
export function checkDeclaredSize(
  dims: readonly number[],
  location: ModelLocation,
  options: ReadOptions = {},
): number {
  const limit = options.maxWeights ?? DEFAULT_MAX_WEIGHTS;
  let count = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new ModelError(
        'SWIS_ERR_MODEL_FORMAT',
        location,
        `invalid dimension ${d} in shape [${dims.join(', ')}]`,
      );
    }
    count *= d;
    if (count > limit) {
      throw new ModelError(
        'SWIS_ERR_MODEL_LIMIT',
        location,
        `shape [${dims.join(', ')}] declares more than the limit of ${limit} weights`,
      );
    }
  }
  return count;
}

/** Throws SWIS_ERR_MODEL_WEIGHTS naming the tensor and the first NaN or infinite value. */
export function checkFinite(values: Float32Array, location: ModelLocation): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw new ModelError(
        'SWIS_ERR_MODEL_WEIGHTS',
        location,
        `value ${values[i]} at index ${i} is not finite`,
      );
    }
  }
}
