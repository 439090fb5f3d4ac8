import { describe, expect, it } from 'vitest';
import { profileActivations } from '../../src/activations/profile.js';
import { conv2d } from '../../src/inference/conv-ops.js';
import { relu } from '../../src/inference/elementwise-ops.js';
import type { Program } from '../../src/inference/program.js';
import { activation } from '../../src/inference/tensor.js';

/** x -> identity 1x1 conv "a" -> ReLU -> identity 1x1 conv "b": b sees relu(x). */
const program: Program = {
  input: 'x',
  output: 'b',
  steps: [
    {
      name: 'a',
      inputs: ['x'],
      weightLayer: { layer: 'a', input: 'x' },
      run: ([x]) =>
        conv2d(x!, {
          kernel: [1, 1],
          stride: [1, 1],
          dilation: [1, 1],
          padding: 'valid',
          outChannels: 1,
          weights: Float32Array.of(1),
          bias: null,
        }),
    },
    { name: 'r', inputs: ['a'], run: ([x]) => relu(x!) },
    { name: 'b', inputs: ['r'], weightLayer: { layer: 'b', input: 'r' }, run: ([x]) => x! },
  ],
};

describe('profileActivations', () => {
  it('scales each layer by max |a| over all inputs and histograms the codes', () => {
    // layer a sees -4, 0, 1, 2 (scale 4): codes 255, 0, 64, 128; layer b sees 0, 0, 1, 2 (scale 2): 0, 0, 128, 255
    const inputs = [activation(1, 2, 1, [-4, 0]), activation(1, 2, 1, [1, 2])];
    const [a, b] = profileActivations(program, inputs);
    expect([a!.stats.layer, a!.maxAbs, a!.negativeFraction, a!.stats.samples]).toEqual(['a', 4, 0.25, 4]);
    // codes 255 (8 ones, NAF 2), 0, 64 (1, 1), 128 (1, 1)
    expect(a!.stats.onesHistogram).toEqual([0.25, 0.5, 0, 0, 0, 0, 0, 0, 0.25]);
    expect(a!.stats.boothHistogram).toEqual([0.25, 0.5, 0.25, 0, 0]);
    expect(a!.stats.precisionBits).toBe(8);
    expect([b!.stats.layer, b!.maxAbs, b!.negativeFraction]).toEqual(['b', 2, 0]);
    expect(b!.stats.onesHistogram).toEqual([0.5, 0.25, 0, 0, 0, 0, 0, 0, 0.25]);
  });
  it('needs an input', () => {
    expect(() => profileActivations(program, [])).toThrow(RangeError);
  });
});
