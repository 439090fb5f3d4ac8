import { sharedShiftArchitecture } from './shared-shift.js';

/**
 * SWIS-C: N consecutive shift positions per group (one stored exponent), so the PE's shifter only
 * increments; N cycles per step as swis. Cannot run swis-quantized weights, whose positions may have gaps.
 */
export const swisC = sharedShiftArchitecture('swis-c', ['swis-c', 'truncation', 'uniform', 'block-fp']);
