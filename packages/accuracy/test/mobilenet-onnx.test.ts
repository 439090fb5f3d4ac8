import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  type Activation,
  decodeImage,
  loadBuiltinModel,
  loadBuiltinProgram,
  nsfwjsInput,
  PROFILE_IMAGES,
  runProgram,
} from '@swis-dse/models';
import { type Network, quantizeNetwork } from '@swis-dse/swis-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { kerasOnnx, type WeightLayer } from '../src/mobilenet/keras-onnx.js';
import { nchwBatch } from '../src/mobilenet/nchw.js';
import { type KerasModel, loadNsfwjsKeras } from '../src/mobilenet/nsfwjs-keras.js';
import { OnnxSession } from '../src/onnx/session.js';

const PHOTOS = PROFILE_IMAGES.slice(0, 2);
const missing = PHOTOS.filter((p) => !existsSync(p.path)).map(
  (p) => `${p.path} (apt-get install ${p.debianPackage})`,
);

async function runOnnx(model: KerasModel, layers: readonly WeightLayer[], images: readonly Activation[]) {
  const session = await OnnxSession.create(kerasOnnx(model, layers));
  try {
    const { data, dims } = nchwBatch(images);
    return await session.runAll(data, dims);
  } finally {
    await session.release();
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe.skipIf(missing.length > 0)(
  `mobilenet_v2 as ONNX ${missing.length > 0 ? `(photos missing: ${missing.join(', ')})` : ''}`,
  () => {
    let network: Network;
    let model: KerasModel;
    let images: Activation[];
    let reference: { probabilities: Float32Array; features: Float32Array };

    beforeAll(async () => {
      [network, model] = await Promise.all([loadBuiltinModel('mobilenet_v2'), loadNsfwjsKeras()]);
      images = await Promise.all(PHOTOS.map(async (p) => nsfwjsInput(decodeImage(await readFile(p.path)))));
      const { program } = await loadBuiltinProgram('mobilenet_v2');
      const probabilities: number[] = [];
      const features: number[] = [];
      for (const image of images) {
        const stepOutput = (name: string, x: Activation) => {
          if (name === 'flatten_1') features.push(...x.data);
        };
        probabilities.push(...runProgram(program, image, { stepOutput }).data);
      }
      reference = { probabilities: Float32Array.from(probabilities), features: Float32Array.from(features) };
    });

    it('reproduces the reference forward pass with the float network substituted', async () => {
      const out = await runOnnx(model, network.layers, images);
      expect(maxAbsDiff(out.probabilities!, reference.probabilities)).toBeLessThan(1e-3);
      const scale = Math.max(...reference.features);
      expect(maxAbsDiff(out.features!, reference.features) / scale).toBeLessThan(1e-3);
    });

    it('changes the probabilities when the weights are quantized to 1 bit', async () => {
      const quantized = quantizeNetwork(network, { variant: 'swis', bits: 1, groupSize: 16 });
      const out = await runOnnx(model, quantized.layers, images);
      expect(maxAbsDiff(out.probabilities!, reference.probabilities)).toBeGreaterThan(1e-2);
    });

    it('gives 1280 pooled features at 96 x 96', async () => {
      const session = await OnnxSession.create(
        kerasOnnx(model, network.layers, { height: 96, width: 96, outputs: ['features'] }),
      );
      try {
        const features = await session.run(new Float32Array(2 * 3 * 96 * 96).fill(0.5), [2, 3, 96, 96]);
        expect(features.length).toBe(2 * 1280);
        expect(features.every(Number.isFinite)).toBe(true);
      } finally {
        await session.release();
      }
    });

    it('names a missing weight layer', () => {
      expect(() => kerasOnnx(model, network.layers.slice(1))).toThrow(/no weights for layer Conv1/);
    });
  },
);
