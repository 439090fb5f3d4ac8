import type { LayerActivationStats } from '../spec/activation-stats.js';
import { boothTerms, onesCount } from './weight-terms.js';

const MAGNITUDES = 256;

function histogramOf(count: (m: number) => number, bins: number): number[] {
  const histogram = new Array<number>(bins).fill(0);
  for (let m = 0; m < MAGNITUDES; m++) histogram[count(m)]! += 1 / MAGNITUDES;
  return histogram;
}

const ONES = histogramOf(onesCount, 9);
// Eight 8-bit codes (171 = 256 - 64 - 16 - 4 - 1, ...) need five NAF terms; the schema's last bucket
// counts "4 or more", as the measured statistics do.
const BOOTH = histogramOf((m) => Math.min(4, boothTerms(m)), 5);

/**
 * The statistics a layer gets when none were measured: activations at full 8-bit precision with magnitudes
 * uniform over 0..255 (ones ~ Binomial(8, 1/2), mean 4; Booth terms mean ~2.7). Real post-ReLU activations
 * have many zeros and small values, so this is pessimistic for pragmatic and laconic and neutral for the
 * others; `samples` is 0 to mark it as a default.
 */
export function defaultActivationStats(layer: string): LayerActivationStats {
  return { layer, precisionBits: 8, onesHistogram: [...ONES], boothHistogram: [...BOOTH], samples: 0 };
}
