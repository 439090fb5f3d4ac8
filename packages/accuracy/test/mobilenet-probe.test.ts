import { existsSync } from 'node:fs';
import { FASHION_MNIST_DIR, fashionMnistInstalled } from '@swis-dse/datasets';
import { loadBuiltinModel, PROFILE_IMAGES } from '@swis-dse/models';
import { type Network, quantizeNetwork } from '@swis-dse/swis-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FashionProbe, type KerasModel, loadNsfwjsKeras, PhotoFidelity } from '../src/index.js';

// The two photographs python3-sklearn installs (.ci/run installs it); the bench uses all twelve.
const PHOTOS = PROFILE_IMAGES.filter((p) => p.debianPackage === 'python3-sklearn');
const missing = PHOTOS.filter((p) => !existsSync(p.path)).map((p) => p.path);

const installed = fashionMnistInstalled();
if (!installed) {
  console.info(
    `swis-dse tests: NOT RUN: the MobileNet-v2 linear probe (no Fashion-MNIST in ${FASHION_MNIST_DIR}; .ci/run installs Debian's dataset-fashion-mnist)`,
  );
}

let network: Network;
let model: KerasModel;
beforeAll(async () => {
  [network, model] = await Promise.all([loadBuiltinModel('mobilenet_v2'), loadNsfwjsKeras()]);
});

/** The network with its backbone (conv and depthwise layers) quantized at N = 1, the dense head float. */
function crushedBackbone(): Network['layers'] {
  const backbone = network.layers.filter((l) => l.kind !== 'dense');
  const quantized = quantizeNetwork({ ...network, layers: backbone }, { variant: 'truncation', bits: 1 });
  return network.layers.map((l) => {
    const i = backbone.indexOf(l);
    return i < 0 ? l : { ...l, weights: quantized.layers[i]!.weights };
  });
}

describe.runIf(installed)('FashionProbe on the real MobileNet-v2 (small subsets)', () => {
  it('learns well above chance on float features, and a crushed backbone loses it', async () => {
    const probe = await FashionProbe.load(model, network.layers, {
      trainImages: 1000,
      testImages: 300,
      size: 64,
    });
    expect(probe.test.count).toBe(300);
    const float = await probe.accuracy(network.layers);
    expect(float).toBeGreaterThan(0.5);
    expect(await probe.accuracy(network.layers)).toBe(float);
    expect(await probe.accuracy(crushedBackbone())).toBeLessThan(float - 0.2);
  });
});

describe.skipIf(missing.length > 0)(
  `PhotoFidelity ${missing.length > 0 ? `(missing ${missing.join(', ')})` : ''}`,
  () => {
    it('gives agreement 1 and KL 0 for the float model itself, less for a crushed backbone', async () => {
      const fidelity = await PhotoFidelity.load(model, network.layers, PHOTOS);
      expect(fidelity.inputs).toBe(PHOTOS.length * 12);
      expect(await fidelity.evaluate(network.layers)).toMatchObject({ agreement: 1, meanKl: 0, inputs: 24 });
      const crushed = await fidelity.evaluate(crushedBackbone());
      expect(crushed.meanKl).toBeGreaterThan(0.01);
      expect(crushed.agreement).toBeLessThanOrEqual(1);
    });

    it('names the Debian packages when a photograph is missing', async () => {
      const absent = [{ ...PHOTOS[0]!, path: '/nonexistent/photo.jpg' }];
      await expect(PhotoFidelity.load(model, network.layers, absent)).rejects.toThrow(/python3-sklearn/);
    });
  },
);
