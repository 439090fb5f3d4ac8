import { describe, expect, it } from 'vitest';
import { InvalidInputError, simulateNetwork, swis, swisC } from '../../../src/index.js';
import { integerNetwork, layerInput, networkQuantization, swisLayer } from '../fixtures.js';

// Four filters of K = 8 weights, groups of G = 4: two group steps per filter; a dense layer has M = 1.
const network = integerNetwork(Array.from({ length: 4 }, () => [1, 1, 1, 1, 1, 1, 1, 1]));
const layer = network.layers[0]!;
const quantized = (bits: number[], variant: 'swis' | 'swis-c' = 'swis') =>
  networkQuantization([swisLayer(layer, bits, 4, variant)]);
// One row of two PEs, output stationary: a tile is 2 filters; fill and drain R + C - 2 = 1 cycle per fold.
const array = { rows: 1, cols: 2, dataflow: 'os' as const, lanesPerPe: 4 };
const run = (bits: number[], schedule: 'none' | 'sorted') =>
  simulateNetwork(network, quantized(bits), array, { arch: 'swis', schedule });

describe('swis and swis-c step costs', () => {
  it('are N_f for every group of filter f, and storage is the quantizer figure plus scales', () => {
    const input = layerInput(network, quantized([4, 1, 4, 1]), 4);
    expect(swis.stepCosts(input)).toEqual({
      kind: 'per-group',
      groupsPerFilter: 2,
      cyclesPerStep: Float64Array.from([4, 4, 1, 1, 4, 4, 1, 1]),
    });
    // swisLayer: mean N 2.5 -> 2.5 + 1 + 2.5 x 3 / 4 bits, scale 32 / 8.
    expect(swis.weightBitsPerWeight(input)).toBeCloseTo(2.5 + 1 + 7.5 / 4 + 4, 12);
  });

  it('require PE lanes equal to the quantizer group size', () => {
    expect(() => swis.stepCosts(layerInput(network, quantized([2, 2, 2, 2]), 8))).toThrow(/lanesPerPe/);
  });

  it('swis-c runs swis-c weights but rejects swis weights, whose shifts may have gaps', () => {
    expect(swisC.stepCosts(layerInput(network, quantized([2, 2, 2, 2], 'swis-c'), 4)).kind).toBe('per-group');
    expect(() => swisC.stepCosts(layerInput(network, quantized([2, 2, 2, 2]), 4))).toThrow(InvalidInputError);
    expect(() => swis.stepCosts(layerInput(network, null, 4))).toThrow(InvalidInputError);
  });
});

describe('SWIS lockstep tiles and filter scheduling', () => {
  it('all filters at N = 3: both schedules take 2 folds x (1 + 2 steps x 3) = 14, no imbalance', () => {
    for (const schedule of ['none', 'sorted'] as const) {
      const result = run([3, 3, 3, 3], schedule);
      expect(result.computeCycles).toBe(14);
      expect(result.imbalanceLoss).toBe(0);
    }
  });

  it('N = 4, 1, 4, 1: none pairs each 4 with a 1 (18 cycles), sorted pairs equals (12)', () => {
    // none: tiles {4, 1} {4, 1}, each 1 + 2 x 4 = 9 -> 18. Work 2 x (4+1+4+1) = 20 PE-cycles, held
    // 2 tiles x 8 x 2 PEs = 32: loss 1 - 20/32 = 0.375.
    const none = run([4, 1, 4, 1], 'none');
    expect(none.computeCycles).toBe(18);
    expect(none.imbalanceLoss).toBeCloseTo(0.375, 12);
    // sorted (largest first): {4, 4} {1, 1}: (1 + 8) + (1 + 2) = 12, held 16 + 4 = 20 = the work: no loss.
    const sorted = run([4, 1, 4, 1], 'sorted');
    expect(sorted.computeCycles).toBe(12);
    expect(sorted.imbalanceLoss).toBe(0);
  });

  it('one outlier N = 5 among N = 2 holds its whole tile; sorting cannot help', () => {
    // Either order: one tile {2, 2} (1 + 4) and one with the 5 (1 + 10) = 16. Work 2 x 11 = 22, held
    // 4 x 2 + 10 x 2 = 28.
    for (const bits of [
      [2, 2, 2, 5],
      [5, 2, 2, 2],
    ]) {
      for (const schedule of ['none', 'sorted'] as const) {
        const result = run(bits, schedule);
        expect(result.computeCycles).toBe(16);
        expect(result.imbalanceLoss).toBeCloseTo(1 - 22 / 28, 12);
      }
    }
  });

  it('fewer filters than columns: 3 filters on 8 columns run as one tile at max N', () => {
    const three = integerNetwork(Array.from({ length: 3 }, () => [1, 1, 1, 1, 1, 1, 1, 1]));
    const q = networkQuantization([swisLayer(three.layers[0]!, [1, 2, 3], 4)]);
    const wide = { ...array, cols: 8 };
    for (const schedule of ['none', 'sorted'] as const) {
      const result = simulateNetwork(three, q, wide, { arch: 'swis', schedule });
      // One fold: fill and drain 1 + 8 - 2 = 7, stream 2 steps x max N 3 = 6 -> 13.
      expect(result.computeCycles).toBe(13);
      // Work: 2 steps x (1 + 2 + 3) = 12 PE-cycles, all lanes filled (K = 8 = 2 x 4), over 8 PEs x 13.
      expect(result.utilization).toBeCloseTo(12 / (8 * 13), 12);
    }
  });

  it('against bit-parallel on the same array: 2 folds x (1 + 2) = 6 cycles, so N = 3 is 14 / 6 slower', () => {
    const result = simulateNetwork(network, quantized([3, 3, 3, 3]), array, {
      arch: 'swis',
      baseline: 'bit-parallel',
    });
    expect(result.baseline!.computeCycles).toBe(6);
    expect(result.baseline!.cycles / result.cycles).toBe(result.speedupVsBaseline);
  });
});
