import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLayer, quantizeNetwork } from '../../src/index.js';
import { bruteBestError } from '../helpers/brute-force.js';
import { denseNetwork, laplaceWeights } from '../helpers/networks.js';

/**
 * For every group of a quantized layer: the error of the levels the search chose (read back through the
 * decoder) must equal the least error any shift set achieves, found by brute force. Magnitudes are
 * computed as the quantizer computes them, |w| * (1 / step).
 */
function expectGroupsOptimal(
  weights: Float32Array,
  length: number,
  variant: 'swis' | 'swis-c',
  bits: number,
  groupSize: number,
  baseBits = 8,
) {
  const result = quantizeNetwork(denseNetwork(weights, length), { variant, bits, groupSize, baseBits });
  const layer = result.layers[0]!;
  const decoded = decodeLayer(layer.code);
  expect(decoded).toEqual(layer.weights);
  let searchTotal = 0;
  for (let f = 0; f < layer.filters; f++) {
    const step = layer.code.scales[f]!;
    const inverse = 1 / step;
    for (let first = 0; first < length; first += groupSize) {
      const x: number[] = [];
      let chosen = 0;
      for (let i = first; i < Math.min(first + groupSize, length); i++) {
        const xi = Math.abs(weights[f * length + i]!) * inverse;
        const level = Math.round(Math.abs(decoded[f * length + i]!) / step);
        x.push(xi);
        chosen += (xi - level) ** 2;
      }
      const best = bruteBestError(x, baseBits - 1, bits, variant === 'swis-c');
      expect(chosen).toBeCloseTo(best, 9);
      expect(chosen).toBeLessThanOrEqual(best * (1 + 1e-12) + 1e-12);
      searchTotal += chosen * step * step;
    }
  }
  // The reported SSE (measured on float32 reconstructions) agrees with the search's own error.
  expect(result.sse).toBeCloseTo(searchTotal, 6);
  return result;
}

describe('the SWIS decomposition is exact', () => {
  for (const variant of ['swis', 'swis-c'] as const) {
    for (const bits of [1, 2, 3, 4, 5, 6, 7]) {
      it(`${variant} N=${bits}: every group's error equals brute force, for several G`, () => {
        for (const groupSize of [1, 3, 8, 16, 32]) {
          const length = groupSize * 3 + 5; // a shorter last group in every filter
          expectGroupsOptimal(
            laplaceWeights(length * 4, bits * 100 + groupSize),
            length,
            variant,
            bits,
            groupSize,
          );
        }
      });
    }
  }

  it('holds for arbitrary random groups (property, shrinking on failure)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('swis' as const, 'swis-c' as const),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom(1, 2, 5, 8, 16),
        fc.array(fc.float({ min: -4, max: 4, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (variant, bits, groupSize, values) => {
          expectGroupsOptimal(Float32Array.from(values), values.length, variant, bits, groupSize);
        },
      ),
      { numRuns: 300, seed: 2103 },
    );
  });

  it('holds for other base widths (B = 4 and B = 10)', () => {
    expectGroupsOptimal(laplaceWeights(64, 7), 32, 'swis', 2, 8, 4);
    expectGroupsOptimal(laplaceWeights(64, 8), 32, 'swis', 4, 16, 10);
    expectGroupsOptimal(laplaceWeights(64, 9), 32, 'swis-c', 3, 16, 10);
  });

  it('is not changed by ties: magnitudes exactly halfway between levels', () => {
    // step = (127/128) / 127 = 1/128 exactly, so x = 256 w lands on exact half integers.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.integer({ min: -254, max: 254 }), { minLength: 15, maxLength: 15 }),
        (bits, halves) => {
          const weights = Float32Array.from([127 / 128, ...halves.map((h) => h / 256)]);
          const result = expectGroupsOptimal(weights, 16, 'swis', bits, 16);
          expect(result.layers[0]!.code.scales[0]).toBe(1 / 128);
        },
      ),
      { numRuns: 200, seed: 42 },
    );
  });
});
