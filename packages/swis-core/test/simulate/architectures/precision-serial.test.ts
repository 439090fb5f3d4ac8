import { describe, expect, it } from 'vitest';
import { bitfusion, bitParallel, loom, pragmatic, stripes, weightSerial } from '../../../src/index.js';
import { activationStats, exactQuantization, integerNetwork, layerInput } from '../fixtures.js';

// Two filters of four weights; with uniform N = 3 per tensor the step is 7/7 = 1, so the magnitudes are the
// integers and the largest, 7, needs 3 magnitude bits: Pw = 3 + 1 sign = 4. Scales: one float32 for the
// tensor over 8 weights = 4 bits per weight.
const network = integerNetwork([
  [7, 3, 5, 0],
  [1, 2, 4, 6],
]);
const q3 = exactQuantization(network, 3, 4);
const withPa = (precisionBits: number) => ({
  activations: activationStats('fc', { precisionBits }),
});

describe('bit-parallel', () => {
  it('takes one cycle per step whatever the values, and stores INT8 weights plus scales', () => {
    const input = layerInput(network, q3, 4, withPa(3));
    expect(bitParallel.stepCosts(input)).toEqual({ kind: 'uniform', cyclesPerStep: 1 });
    expect(bitParallel.weightBitsPerWeight(input)).toBe(8 + 4);
    // Without a quantization: INT8 plus one float32 scale per filter of 4 weights = 8 + 8.
    expect(bitParallel.weightBitsPerWeight(layerInput(network, null, 4))).toBe(16);
  });
});

describe('stripes', () => {
  it('takes Pa cycles per step: Pa = 5 -> 5, Pa = 8 -> 8', () => {
    expect(stripes.stepCosts(layerInput(network, q3, 4, withPa(5)))).toEqual({
      kind: 'uniform',
      cyclesPerStep: 5,
    });
    expect(stripes.stepCosts(layerInput(network, null, 4))).toEqual({ kind: 'uniform', cyclesPerStep: 8 });
  });
});

describe('weight-serial', () => {
  it('takes Pw cycles: 4 for the N = 3 weights above, 8 unquantized; stores Pw bits plus scales', () => {
    expect(weightSerial.stepCosts(layerInput(network, q3, 4))).toEqual({ kind: 'uniform', cyclesPerStep: 4 });
    expect(weightSerial.weightBitsPerWeight(layerInput(network, q3, 4))).toBe(4 + 4);
    expect(weightSerial.stepCosts(layerInput(network, null, 4))).toEqual({
      kind: 'uniform',
      cyclesPerStep: 8,
    });
  });

  it('reads Pw from the largest quantized magnitude: N = 7 with max 127 -> 7 bits + sign = 8', () => {
    const wide = integerNetwork([[127, 1, 2, 3]]);
    const input = layerInput(wide, exactQuantization(wide, 7, 4), 4);
    expect(weightSerial.stepCosts(input)).toEqual({ kind: 'uniform', cyclesPerStep: 8 });
  });
});

describe('loom', () => {
  it('takes ceil(Pa / b) x Pw: Pa 5, Pw 4 -> b=1: 20, b=2: 3 x 4 = 12, b=8: 4', () => {
    const cycles = (b: number) =>
      loom.stepCosts(layerInput(network, q3, 4, { ...withPa(5), loomBitsPerCycle: b }));
    expect(cycles(1)).toEqual({ kind: 'uniform', cyclesPerStep: 20 });
    expect(cycles(2)).toEqual({ kind: 'uniform', cyclesPerStep: 12 });
    expect(cycles(8)).toEqual({ kind: 'uniform', cyclesPerStep: 4 });
  });
});

describe('bitfusion', () => {
  it('takes ceil(Pw/2) ceil(Pa/2) / 16: 8x8 -> 1 (bit-parallel), Pw 4 Pa 5 -> 2 x 3 / 16', () => {
    expect(bitfusion.stepCosts(layerInput(network, null, 4))).toEqual({ kind: 'uniform', cyclesPerStep: 1 });
    expect(bitfusion.stepCosts(layerInput(network, q3, 4, withPa(5)))).toEqual({
      kind: 'uniform',
      cyclesPerStep: 6 / 16,
    });
  });

  it('stores weights at the brick-aligned 2 ceil(Pw/2) bits: N = 2 (Pw 3) -> 4 bits plus scales', () => {
    const narrow = integerNetwork([
      [3, 1, 2, 0],
      [1, 2, 3, 3],
    ]);
    const input = layerInput(narrow, exactQuantization(narrow, 2, 4), 4);
    expect(bitfusion.weightBitsPerWeight(input)).toBe(4 + 4);
  });
});

describe('pragmatic', () => {
  // Activations have 0 or 2 one bits, half each. Two lanes: the max is 0 (a step still costs 1) with
  // probability 1/4, else 2: E = 1/4 x 1 + 3/4 x 2 = 1.75. Formula: 1 + (1 - F(1)^2) = 1 + (1 - 1/4).
  const halfZero = { onesHistogram: [0.5, 0, 0.5, 0, 0, 0, 0, 0, 0] };

  it('takes the expected max over G lanes of one bits: 1.75 cycles for 2 lanes', () => {
    const input = layerInput(network, null, 2, { activations: activationStats('fc', halfZero) });
    expect(pragmatic.stepCosts(input)).toEqual({ kind: 'uniform', cyclesPerStep: 1.75 });
  });

  it('counts only min(G, K) lanes: K = 1 with 16 lanes is one lane, E = 1/2 x 1 + 1/2 x 2 = 1.5', () => {
    const single = integerNetwork([[1], [1]]);
    const input = layerInput(single, null, 16, { activations: activationStats('fc', halfZero) });
    expect(pragmatic.stepCosts(input)).toEqual({ kind: 'uniform', cyclesPerStep: 1.5 });
  });

  it('with every activation a single one bit, a step takes exactly one cycle', () => {
    expect(pragmatic.stepCosts(layerInput(network, null, 16))).toEqual({ kind: 'uniform', cyclesPerStep: 1 });
  });
});
