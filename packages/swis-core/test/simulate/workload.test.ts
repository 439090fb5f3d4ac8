import { describe, expect, it } from 'vitest';
import {
  computeCycles,
  gemmOfLayer,
  gemmsOfNetwork,
  InvalidInputError,
  type Layer,
  type LayerInput,
  LayerSchema,
  type Network,
} from '../../src/index.js';

type Shape = [number, number, number, number];

/** A parsed layer with zero weights of the right size; `extra` overrides groups, stride, padding, inputSize. */
function layer(name: string, kind: Layer['kind'], shape: Shape, extra: Partial<LayerInput> = {}): Layer {
  const weights = new Float32Array(shape[0] * shape[1] * shape[2] * shape[3]);
  return LayerSchema.parse({ name, kind, shape, weights, ...extra });
}

function network(...layers: Layer[]): Network {
  return {
    name: 'net',
    layers,
    metadata: { source: 'test', weightsWere8Bit: false, batchNormFolded: false, notes: [] },
  };
}

describe('gemmOfLayer', () => {
  it('conv, stride 2 and symmetric padding: MobileNet-v2 stem 224x224x3 -> 112x112x32', () => {
    // floor((224 + 1 + 1 - 3) / 2) + 1 = 112; K = 3 channels x 3 x 3.
    const conv = layer('stem', 'conv', [32, 3, 3, 3], {
      stride: [2, 2],
      padding: [1, 1, 1, 1],
      inputSize: [224, 224],
    });
    expect(gemmOfLayer(conv)).toEqual({
      layerName: 'stem',
      gemm: { m: 112 * 112, n: 32, k: 27 },
      groups: 1,
      inputChannels: 3,
      channelsAsFilters: false,
      outputSize: [112, 112],
      macs: 112 * 112 * 32 * 27,
    });
  });

  it('conv with uneven strides and padding on one side reads padding as [top, left, bottom, right]', () => {
    // rows: floor((7 + 1 + 0 - 3) / 2) + 1 = 3 (SCALE-Sim's ceil rule would give 4);
    // cols: floor((10 + 2 + 0 - 3) / 3) + 1 = 4.
    const conv = layer('c', 'conv', [4, 2, 3, 3], {
      stride: [2, 3],
      padding: [1, 2, 0, 0],
      inputSize: [7, 10],
    });
    expect(gemmOfLayer(conv)).toMatchObject({ gemm: { m: 12, n: 4, k: 18 }, outputSize: [3, 4] });
  });

  it('depthwise: one GEMM per channel with N = 1 and K = R x S', () => {
    const dw = layer('dw', 'depthwise', [32, 1, 3, 3], {
      groups: 32,
      padding: [1, 1, 1, 1],
      inputSize: [112, 112],
    });
    expect(gemmOfLayer(dw)).toEqual({
      layerName: 'dw',
      gemm: { m: 112 * 112, n: 1, k: 9 },
      groups: 32,
      inputChannels: 1,
      channelsAsFilters: false,
      outputSize: [112, 112],
      macs: 32 * 112 * 112 * 9,
    });
  });

  it('depthwise mapped channels-as-filters: one GEMM with N = C, K = R x S, the same MACs', () => {
    const dw = layer('dw', 'depthwise', [32, 1, 3, 3], {
      groups: 32,
      padding: [1, 1, 1, 1],
      inputSize: [112, 112],
    });
    expect(gemmOfLayer(dw, 'channels-as-filters')).toEqual({
      layerName: 'dw',
      gemm: { m: 112 * 112, n: 32, k: 9 },
      groups: 1,
      inputChannels: 32,
      channelsAsFilters: true,
      outputSize: [112, 112],
      macs: 32 * 112 * 112 * 9,
    });
    // Channel multiplier 2: the 64 filters are the columns, the 32 channels the input.
    const dw2 = layer('dw2', 'depthwise', [64, 1, 3, 3], { groups: 32, inputSize: [5, 5] });
    expect(gemmOfLayer(dw2, 'channels-as-filters')).toMatchObject({
      gemm: { m: 9, n: 64, k: 9 },
      groups: 1,
      inputChannels: 32,
    });
  });

  it('channels-as-filters leaves grouped (non-depthwise) convs and dense layers as they are', () => {
    const grouped = layer('g', 'conv', [8, 2, 1, 1], { groups: 4, inputSize: [3, 3] });
    expect(gemmOfLayer(grouped, 'channels-as-filters')).toEqual(gemmOfLayer(grouped));
    const fc = layer('fc', 'dense', [10, 20, 1, 1], { inputSize: [1, 1] });
    expect(gemmOfLayer(fc, 'channels-as-filters')).toEqual(gemmOfLayer(fc, 'per-channel'));
  });

  it('depthwise with channel multiplier 2 and grouped conv: N = filters / groups', () => {
    const dw = layer('dw2', 'depthwise', [64, 1, 3, 3], { groups: 32, inputSize: [5, 5] });
    expect(gemmOfLayer(dw)).toMatchObject({ gemm: { m: 9, n: 2, k: 9 }, groups: 32 });
    const grouped = layer('g', 'conv', [8, 2, 1, 1], { groups: 4, inputSize: [3, 3] });
    expect(gemmOfLayer(grouped)).toMatchObject({
      gemm: { m: 9, n: 2, k: 2 },
      groups: 4,
      macs: 4 * 9 * 2 * 2,
    });
  });

  it('dense on a vector: M = 1, N = outputs, K = inputs', () => {
    const fc = layer('fc', 'dense', [1000, 1280, 1, 1], { inputSize: [1, 1] });
    expect(gemmOfLayer(fc)).toMatchObject({ gemm: { m: 1, n: 1000, k: 1280 }, outputSize: [1, 1] });
  });

  it('an unpadded AlexNet conv1 gives 54x54 (floor); SCALE-Sim says 55x55, which torchvision gets with padding 2', () => {
    const unpadded = layer('conv1', 'conv', [96, 3, 11, 11], { stride: [4, 4], inputSize: [224, 224] });
    expect(gemmOfLayer(unpadded).outputSize).toEqual([54, 54]);
    const padded = layer('conv1', 'conv', [96, 3, 11, 11], {
      stride: [4, 4],
      padding: [2, 2, 2, 2],
      inputSize: [224, 224],
    });
    const view = gemmOfLayer(padded);
    expect(view.gemm).toEqual({ m: 55 * 55, n: 96, k: 363 });
    // SCALE-Sim's stall-free golden run of this layer (test/golden_trace/COMPUTE_REPORT.csv, ws, 32x32).
    expect(computeCycles(view.gemm, { rows: 32, cols: 32, dataflow: 'ws' }).cycles).toBe(112283);
  });

  it('a layer without inputSize is an InvalidInputError naming the layer', () => {
    const unsized = layer('block_3_conv', 'conv', [8, 8, 3, 3]);
    expect(() => gemmOfLayer(unsized)).toThrow(InvalidInputError);
    expect(() => gemmOfLayer(unsized)).toThrow(/layer "block_3_conv".*inputSize: is unknown/);
  });

  it('rejects a kernel larger than the padded input and groups that do not divide the filters', () => {
    try {
      gemmOfLayer(
        layer('bad', 'conv', [6, 1, 5, 5], { groups: 4, padding: [1, 0, 0, 0], inputSize: [3, 8] }),
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).message).toMatch(/"bad"/);
      expect((error as InvalidInputError).issues.map((i) => i.path.join('.'))).toEqual([
        'groups',
        'inputSize',
      ]);
      expect((error as InvalidInputError).issues[1]!.message).toMatch(/4x8 is smaller than the 5x5 kernel/);
    }
  });
});

describe('gemmsOfNetwork', () => {
  it('maps every layer in order', () => {
    const net = network(
      layer('a', 'conv', [4, 3, 3, 3], { inputSize: [8, 8] }),
      layer('b', 'dense', [2, 4, 1, 1], { inputSize: [1, 1] }),
    );
    expect(gemmsOfNetwork(net).map((g) => [g.layerName, g.gemm])).toEqual([
      ['a', { m: 36, n: 4, k: 27 }],
      ['b', { m: 1, n: 2, k: 4 }],
    ]);
  });

  it('lists every layer without inputSize in one error, by index and name', () => {
    const net = network(
      layer('a', 'conv', [4, 3, 3, 3]),
      layer('b', 'conv', [4, 4, 1, 1], { inputSize: [2, 2] }),
      layer('c', 'dense', [2, 4, 1, 1]),
    );
    try {
      gemmsOfNetwork(net);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      const issues = (error as InvalidInputError).issues;
      expect(issues.map((i) => i.path.join('.'))).toEqual(['layers.0.inputSize', 'layers.2.inputSize']);
      expect(issues.map((i) => i.message)).toEqual([
        expect.stringContaining('(layer "a")'),
        expect.stringContaining('(layer "c")'),
      ]);
    }
  });
});
