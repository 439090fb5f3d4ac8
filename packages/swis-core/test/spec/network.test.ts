import { describe, expect, it } from 'vitest';
import { InvalidInputError, parseNetwork } from '../../src/index.js';

const layer = {
  name: 'conv1',
  kind: 'conv' as const,
  shape: [2, 3, 1, 1] as [number, number, number, number],
  weights: new Float32Array(6),
};

describe('parseNetwork', () => {
  it('fills defaults for groups, stride, padding and input size', () => {
    const net = parseNetwork({ name: 'n', layers: [layer], metadata: { source: 's' } });
    expect(net.layers[0]).toMatchObject({
      groups: 1,
      stride: [1, 1],
      padding: [0, 0, 0, 0],
      inputSize: null,
    });
    expect(net.metadata).toEqual({ source: 's', weightsWere8Bit: false, batchNormFolded: false, notes: [] });
  });

  it('names the layer and index of a non-finite weight', () => {
    const weights = new Float32Array(6);
    weights[4] = Number.NaN;
    expect(() =>
      parseNetwork({ name: 'n', layers: [layer, { ...layer, weights }], metadata: { source: 's' } }),
    ).toThrow(/layers\.1\.weights\.4: is NaN/);
  });

  it('collects every problem: size mismatch, bad kind, dense kernel, empty network', () => {
    try {
      parseNetwork({
        name: '',
        layers: [
          { ...layer, weights: new Float32Array(5) },
          { ...layer, kind: 'dense', shape: [2, 3, 3, 1], weights: new Float32Array(18) },
          { ...layer, kind: 'pool' as never },
        ],
        metadata: { source: 's' },
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      const paths = (error as InvalidInputError).issues.map((i) => i.path.join('.'));
      expect(paths).toEqual(
        expect.arrayContaining(['name', 'layers.0.weights', 'layers.1.shape', 'layers.2.kind']),
      );
    }
    expect(() => parseNetwork({ name: 'n', layers: [], metadata: { source: 's' } })).toThrow(
      /at least one weight layer/,
    );
  });
});
