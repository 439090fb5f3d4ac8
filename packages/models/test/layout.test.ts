import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromKCRS, toKCRS } from '../src/layout.js';

/** The bits of each float, so -0 differs from 0 and equality is bit for bit. */
const bits = (values: Float32Array) => new Uint32Array(values.buffer, values.byteOffset, values.length);

/** Conv dimensions [K, C, R, S] with a float32 array of exactly K*C*R*S finite values. */
const tensor = fc
  .tuple(
    fc.integer({ min: 1, max: 6 }),
    fc.integer({ min: 1, max: 6 }),
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 4 }),
  )
  .chain((dims) => {
    const n = dims.reduce((a, b) => a * b, 1);
    return fc.tuple(fc.constant(dims), fc.float32Array({ minLength: n, maxLength: n, noNaN: true }));
  });

describe('toKCRS', () => {
  it('writes swis-core [K][R][S][C] weights back as [K, C, R, S]', () => {
    const [k, c, r, s] = [2, 3, 1, 2];
    // Each weight is its [K, C, R, S] index, read in [K][R][S][C] order.
    const krsc = Float32Array.from([0, 2, 4, 1, 3, 5, 6, 8, 10, 7, 9, 11]);
    expect([...toKCRS(krsc, k, c, r, s)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('is the inverse of fromKCRS, both ways round, bit for bit', () => {
    fc.assert(
      fc.property(tensor, ([[k, c, r, s], x]) => {
        expect(bits(toKCRS(fromKCRS(x, k, c, r, s), k, c, r, s))).toEqual(bits(x));
        expect(bits(fromKCRS(toKCRS(x, k, c, r, s), k, c, r, s))).toEqual(bits(x));
      }),
    );
  });
});
