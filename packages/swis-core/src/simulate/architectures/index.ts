import type { ArchitectureId } from '../../spec/architecture-id.js';
import type { Architecture } from './architecture.js';
import { bitParallel } from './bit-parallel.js';
import { bitfusion } from './bitfusion.js';
import { bitwave } from './bitwave.js';
import { laconic } from './laconic.js';
import { loom } from './loom.js';
import { pragmatic } from './pragmatic.js';
import { stripes } from './stripes.js';
import { swis } from './swis.js';
import { swisC } from './swis-c.js';
import { weightSerial } from './weight-serial.js';

/** Every architecture, by id. */
export const ARCHITECTURES: Readonly<Record<ArchitectureId, Architecture>> = Object.freeze({
  'bit-parallel': bitParallel,
  stripes,
  'weight-serial': weightSerial,
  loom,
  pragmatic,
  laconic,
  bitfusion,
  bitwave,
  swis,
  'swis-c': swisC,
});
