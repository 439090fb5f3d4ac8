import type { Network } from '@swis-dse/swis-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_MODELS, loadBuiltinModel } from '../../src/builtin/index.js';
import { ModelError } from '../../src/errors.js';

const weightCount = (net: Network) => net.layers.reduce((n, l) => n + l.weights.length, 0);
const kinds = (net: Network) => net.layers.map((l) => l.kind);
const count = (net: Network, kind: string) => kinds(net).filter((k) => k === kind).length;

async function timedLoad(id: string): Promise<{ net: Network; ms: number }> {
  const start = performance.now();
  const net = await loadBuiltinModel(id);
  const ms = performance.now() - start;
  console.log(
    `${id}: ${net.layers.length} layers, ${weightCount(net)} weights, loaded in ${ms.toFixed(0)} ms`,
  );
  return { net, ms };
}

function expectDepthwiseGroupsEqualChannels(net: Network): void {
  for (const l of net.layers.filter((l) => l.kind === 'depthwise')) {
    expect([l.shape[1], l.groups]).toEqual([1, l.shape[0]]);
  }
}

const lastConv = (net: Network) => net.layers.findLast((l) => l.kind === 'conv')!;

describe('BUILTIN_MODELS', () => {
  it('lists the four models without loading them; only fashion-mobilenet has an evaluation set', () => {
    expect(BUILTIN_MODELS.map((m) => m.id)).toEqual([
      'mobilenet_v2',
      'mobilenet_v2_140',
      'mobilenet_v1',
      'fashion-mobilenet',
    ]);
    expect(BUILTIN_MODELS.filter((m) => m.evaluationSet !== undefined).map((m) => m.id)).toEqual([
      'fashion-mobilenet',
    ]);
  });

  it('rejects an unknown id with the known ids', async () => {
    const error = await loadBuiltinModel('resnet50').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('SWIS_ERR_MODEL_UNKNOWN');
    expect((error as ModelError).message).toBe(
      'resnet50: unknown built-in model; known ids: mobilenet_v2, mobilenet_v2_140, mobilenet_v1, fashion-mobilenet',
    );
  });
});

describe('mobilenet_v2 (nsfwjs, layers model, alpha 1.0)', () => {
  let net: Network;
  let ms: number;
  beforeAll(async () => {
    ({ net, ms } = await timedLoad('mobilenet_v2'));
  });

  it('loads quickly', () => {
    expect(ms).toBeLessThan(3000);
  });

  it('has 35 convs, 17 depthwise convs and the 3 dense layers of the 5-class head', () => {
    expect(net.name).toBe('mobilenet_v2');
    expect(net.layers).toHaveLength(55);
    expect([count(net, 'conv'), count(net, 'depthwise'), count(net, 'dense')]).toEqual([35, 17, 3]);
    expect(weightCount(net)).toBe(2_550_848);
    expect(BUILTIN_MODELS.find((m) => m.id === 'mobilenet_v2')?.parameters).toBe(weightCount(net));
    expect(net.layers.slice(-3).map((l) => l.shape)).toEqual([
      [256, 1280, 1, 1],
      [128, 256, 1, 1],
      [5, 128, 1, 1],
    ]);
  });

  it('starts with a 3x3 stride-2 conv on 224x224 whose ZeroPadding2D is folded in', () => {
    const first = net.layers[0]!;
    expect([first.name, first.shape, first.stride, first.padding, first.inputSize]).toEqual([
      'Conv1',
      [32, 3, 3, 3],
      [2, 2],
      [0, 0, 1, 1],
      [224, 224],
    ]);
  });

  it('detects depthwise layers with one group per channel and ends on a 7x7 map', () => {
    expectDepthwiseGroupsEqualChannels(net);
    expect(net.layers[1]).toMatchObject({ kind: 'depthwise', shape: [32, 1, 3, 3], groups: 32 });
    expect(lastConv(net)).toMatchObject({ name: 'Conv_1', shape: [1280, 320, 1, 1], inputSize: [7, 7] });
  });

  it('holds weights on the per-tensor uint8 grid they were stored on', () => {
    // Conv1/kernel's quantization in the manifest: min -0.87334511607301, scale 0.006666756611244351.
    const min = -0.87334511607301;
    const scale = 0.006666756611244351;
    for (const w of net.layers[0]!.weights) {
      const q = (w - min) / scale;
      expect(Math.abs(q - Math.round(q))).toBeLessThan(1e-3);
      expect(Math.round(q)).toBeGreaterThanOrEqual(0);
      expect(Math.round(q)).toBeLessThanOrEqual(255);
    }
  });

  it('says the weights were 8-bit, batch norm is not folded and the head is 5-class', () => {
    expect(net.metadata.weightsWere8Bit).toBe(true);
    expect(net.metadata.batchNormFolded).toBe(false);
    expect(net.metadata.source).toContain('nsfwjs@4.4.0');
    expect(net.metadata.notes.join('\n')).toContain('Dense 1280-256-128-5');
  });
});

describe('mobilenet_v2_140 (nsfwjs, graph model, alpha 1.4)', () => {
  let net: Network;
  beforeAll(async () => {
    ({ net } = await timedLoad('mobilenet_v2_140'));
  });

  it('has the alpha-1.4 widths and one dense head layer', () => {
    expect(net.layers).toHaveLength(53);
    expect([count(net, 'conv'), count(net, 'depthwise'), count(net, 'dense')]).toEqual([35, 17, 1]);
    expect(weightCount(net)).toBe(4_276_800);
    expect(BUILTIN_MODELS.find((m) => m.id === 'mobilenet_v2_140')?.parameters).toBe(weightCount(net));
    expect(net.layers[0]).toMatchObject({ shape: [48, 3, 3, 3], stride: [2, 2], padding: [0, 0, 1, 1] });
    expect(net.layers[0]!.inputSize).toEqual([224, 224]);
    expect(net.layers.at(-1)!.shape).toEqual([5, 1792, 1, 1]);
  });

  it('detects depthwise layers and ends on a 7x7 map', () => {
    expectDepthwiseGroupsEqualChannels(net);
    expect(lastConv(net)).toMatchObject({ shape: [1792, 448, 1, 1], inputSize: [7, 7] });
  });

  it('says the weights were 8-bit and batch norm is folded', () => {
    expect(net.metadata.weightsWere8Bit).toBe(true);
    expect(net.metadata.batchNormFolded).toBe(true);
  });
});

describe('mobilenet_v1 (human-models faceres-deep, graph model)', () => {
  let net: Network;
  beforeAll(async () => {
    ({ net } = await timedLoad('mobilenet_v1'));
  });

  it('has 14 convs, 13 depthwise convs and 3 dense head layers', () => {
    expect(net.layers).toHaveLength(30);
    expect([count(net, 'conv'), count(net, 'depthwise'), count(net, 'dense')]).toEqual([14, 13, 3]);
    expect(weightCount(net)).toBe(3_473_088);
    expect(BUILTIN_MODELS.find((m) => m.id === 'mobilenet_v1')?.parameters).toBe(weightCount(net));
  });

  it('reads the 224x224 input its Placeholder declares', () => {
    expect(net.layers[0]).toMatchObject({ shape: [32, 3, 3, 3], stride: [2, 2], padding: [0, 0, 1, 1] });
    expect(net.layers[0]!.inputSize).toEqual([224, 224]);
    expectDepthwiseGroupsEqualChannels(net);
    expect(lastConv(net)).toMatchObject({ shape: [1024, 1024, 1, 1], inputSize: [7, 7] });
  });

  it('says the weights are float32 and batch norm is not (fully) folded', () => {
    expect(net.metadata.weightsWere8Bit).toBe(false);
    expect(net.metadata.batchNormFolded).toBe(false);
  });
});

describe('fashion-mobilenet (trained here on Fashion-MNIST)', () => {
  let net: Network;
  beforeAll(async () => {
    ({ net } = await timedLoad('fashion-mobilenet'));
  });

  it('is the folded MobileNet-v2-style network with its geometry, and says where it came from', () => {
    expect(net.name).toBe('fashion-mobilenet');
    expect([count(net, 'conv'), count(net, 'depthwise'), count(net, 'dense')]).toEqual([11, 5, 1]);
    expect(weightCount(net)).toBe(BUILTIN_MODELS.find((m) => m.id === 'fashion-mobilenet')?.parameters);
    expectDepthwiseGroupsEqualChannels(net);
    expect(net.layers[0]).toMatchObject({
      name: 'stem',
      shape: [16, 1, 3, 3],
      stride: [2, 2],
      inputSize: [28, 28],
    });
    expect(net.layers.at(-1)).toMatchObject({ name: 'classifier', kind: 'dense', shape: [10, 256, 1, 1] });
    expect(net.metadata).toMatchObject({ batchNormFolded: true, weightsWere8Bit: false });
    expect(net.metadata.notes.join(' ')).toMatch(/test accuracy 0\.9\d{3}/);
  });
});
