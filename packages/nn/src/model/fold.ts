import { BN_EPSILON } from '../layers/batch-norm.js';
import type { ModelState } from './model.js';

/**
 * Folds each unit's batch norm into its weights and a bias: with s = gamma / sqrt(runningVar + eps),
 * W'[..., c] = W[..., c] s[c] and b[c] = beta[c] - runningMean[c] s[c]. The result is the state of the same
 * architecture in `bias` mode, and computes the same function as the batch-norm model in inference.
 */
export function foldBatchNorm(state: ModelState): ModelState {
  const folded: ModelState = {};
  for (const [name, tensor] of Object.entries(state)) {
    const unit = name.replace(/\.[^.]+$/, '');
    const gamma = state[`${unit}.gamma`];
    if (gamma === undefined) {
      folded[name] = tensor.slice();
      continue;
    }
    if (!name.endsWith('.weight')) continue;
    const beta = state[`${unit}.beta`]!;
    const mean = state[`${unit}.runningMean`]!;
    const variance = state[`${unit}.runningVar`]!;
    const channels = gamma.length;
    const scale = gamma.map((g, c) => g / Math.sqrt(variance[c]! + BN_EPSILON));
    folded[name] = tensor.map((w, i) => w * scale[i % channels]!);
    folded[`${unit}.bias`] = beta.map((b, c) => b - mean[c]! * scale[c]!);
  }
  return folded;
}
