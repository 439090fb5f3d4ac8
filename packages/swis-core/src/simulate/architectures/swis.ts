import { sharedShiftArchitecture } from './shared-shift.js';

/**
 * SWIS: any N shared shift positions per group, so the PE loads a shift per cycle (N cycles per step; a
 * lockstep tile takes max N_f over its filters). Runs every quantizer variant, since each stores its
 * positions as shifts.
 */
export const swis = sharedShiftArchitecture('swis', ['swis', 'swis-c', 'truncation', 'uniform', 'block-fp']);
