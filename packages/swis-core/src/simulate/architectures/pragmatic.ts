import { expectedMaxOfLanes } from '../expected-max.js';
import type { Architecture } from './architecture.js';
import { INT8_BITS, packedBitsPerWeight } from './weight-precision.js';

/**
 * Bit-Pragmatic (Albericio et al., MICRO'17): activations are processed one nonzero bit (term) per cycle,
 * and the G lanes of a PE advance together, so a step takes the largest one-bit count among its lanes.
 * With lanes independent and F the CDF of onesHistogram, P(max <= k) = F(k)^G, so the expected step is
 * 1 + sum_{k>=1} (1 - F(k)^G) cycles (a step takes at least one). G is min(lanes, K): a filter shorter
 * than the lanes leaves some idle. Only the lanes of one PE wait for each other: across the PEs of a tile
 * the expected step is used, as if PEs were decoupled by small buffers (Pragmatic synchronizes whole PE
 * columns, so its real figure is higher), and its first-stage shifter limit is not modelled. Weights are
 * stored as INT8.
 */
export const pragmatic: Architecture = Object.freeze<Architecture>({
  id: 'pragmatic',
  readsQuantizedWeights: false,
  stepCosts: (input) => ({
    kind: 'uniform',
    cyclesPerStep: expectedMaxOfLanes(
      input.activations.onesHistogram,
      Math.min(input.lanes, input.gemm.gemm.k),
    ),
  }),
  weightBitsPerWeight: (input) => packedBitsPerWeight(input, INT8_BITS),
});
