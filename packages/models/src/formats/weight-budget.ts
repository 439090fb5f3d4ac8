import { ModelError, type ModelLocation } from '../errors.js';
import { checkDeclaredSize, DEFAULT_MAX_WEIGHTS, type ReadOptions } from '../read-options.js';

/**
 * Counts the weights a reader is about to allocate against ReadOptions.maxWeights, which bounds the whole
 * file: each tensor is checked on its own (checkDeclaredSize) and then against what earlier tensors used.
 */
export class WeightBudget {
  private used = 0;

  constructor(private readonly options: ReadOptions = {}) {}

  /** Reserves room for a tensor of shape `dims` and returns its element count; throws before any allocation. */
  take(dims: readonly number[], location: ModelLocation): number {
    const count = checkDeclaredSize(dims, location, this.options);
    const limit = this.options.maxWeights ?? DEFAULT_MAX_WEIGHTS;
    if (this.used + count > limit) {
      throw new ModelError(
        'SWIS_ERR_MODEL_LIMIT',
        location,
        `shape [${dims.join(', ')}] brings the file past the limit of ${limit} weights in total`,
      );
    }
    this.used += count;
    return count;
  }
}
