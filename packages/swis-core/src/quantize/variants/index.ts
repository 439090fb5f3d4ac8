import type { VariantId } from '../../spec/quant-spec.js';
import { blockFp } from './block-fp.js';
import { swis } from './swis.js';
import { swisC } from './swis-c.js';
import { truncation } from './truncation.js';
import { uniform } from './uniform.js';
import type { Variant } from './variant.js';

/** Every weight representation by id. */
export const VARIANTS: Readonly<Record<VariantId, Variant>> = {
  swis,
  'swis-c': swisC,
  truncation,
  uniform,
  'block-fp': blockFp,
};
