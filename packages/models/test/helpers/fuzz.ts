import type { Network } from '@swis-dse/swis-core';
import fc from 'fast-check';
import { ModelError } from '../../src/errors.js';

/** A damaged copy of a file: optionally truncated, with up to 8 bytes overwritten. */
function corruption(length: number): fc.Arbitrary<(bytes: Uint8Array) => Uint8Array> {
  return fc
    .record({
      cut: fc.option(fc.nat({ max: length - 1 }), { nil: undefined }),
      edits: fc.array(fc.tuple(fc.nat({ max: length - 1 }), fc.integer({ min: 0, max: 255 })), {
        maxLength: 8,
      }),
    })
    .filter(({ cut, edits }) => cut !== undefined || edits.length > 0)
    .map(({ cut, edits }) => (bytes: Uint8Array) => {
      const copy = bytes.slice();
      for (const [at, value] of edits) copy[at] = value;
      return cut === undefined ? copy : copy.subarray(0, cut);
    });
}

/**
 * Asserts over `runs` random truncations and byte corruptions of `valid` that `read` either returns a
 * network with layers or throws ModelError; any other exception fails the property with its stack.
 */
export function assertCorruptionsAreModelErrors(
  valid: Uint8Array,
  read: (bytes: Uint8Array) => Network,
  runs = 200,
): void {
  fc.assert(
    fc.property(corruption(valid.length), (damage) => {
      try {
        return read(damage(valid)).layers.length > 0;
      } catch (error) {
        if (error instanceof ModelError) return true;
        throw error;
      }
    }),
    { numRuns: runs },
  );
}
