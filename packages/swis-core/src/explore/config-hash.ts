import { canonicalJson } from './canonical-json.js';
import { fnv1a64 } from './fnv1a-64.js';

/**
 * Identity of a design point's configuration: 64-bit FNV-1a (16 hex digits) of its canonical JSON (keys
 * sorted, defaults filled), so the same configuration gets the same hash within a sweep, across sweeps and
 * across processes whatever order its fields were written in. A point is unique within its sweep by this
 * hash, and the cross-sweep result cache keys on (model content hash, configHash): the model is not part
 * of the configuration. Changing a default or adding a field with a default changes every hash.
 */
export function configHash(config: unknown): string {
  return fnv1a64(canonicalJson(config));
}
