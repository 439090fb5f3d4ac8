import { parseActivationStats } from '@swis-dse/swis-core';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ACTIVATION_STATS_SOURCE,
  defaultLayerActivationStats,
  loadActivationStats,
  MEASURED_ACTIVATION_MODELS,
} from '../../src/activations/loader.js';
import { PROFILE_IMAGES } from '../../src/activations/profile-images.js';
import { loadBuiltinModel } from '../../src/builtin/index.js';
import * as models from '../../src/index.js';

const sum = (h: readonly number[]) => h.reduce((a, b) => a + b, 0);

describe('committed activation statistics', () => {
  it.each(MEASURED_ACTIVATION_MODELS)(
    '%s covers every weight layer of the built-in model, in order',
    async (id) => {
      const stats = loadActivationStats(id)!;
      const network = await loadBuiltinModel(id);
      expect(stats.layers.map((l) => l.layer)).toEqual(network.layers.map((l) => l.name));
      for (const l of stats.layers) {
        expect(Math.abs(sum(l.onesHistogram) - 1)).toBeLessThanOrEqual(1e-6);
        expect(Math.abs(sum(l.boothHistogram) - 1)).toBeLessThanOrEqual(1e-6);
        expect(l.samples).toBeGreaterThan(0);
      }
      // parseActivationStats accepts what the loader returns unchanged
      expect(parseActivationStats(structuredClone(stats))).toEqual(stats);
    },
  );

  it('mobilenet_v2: samples are each layer input size times the image count', async () => {
    const stats = loadActivationStats('mobilenet_v2')!;
    const first = stats.layers[0]!;
    expect(first.samples).toBe(224 * 224 * 3 * PROFILE_IMAGES.length);
    expect(stats.layers.find((l) => l.layer === 'dense_3')!.samples).toBe(128 * PROFILE_IMAGES.length);
  });

  it('the source names every image used', () => {
    const { source } = loadActivationStats('mobilenet_v2')!;
    for (const image of PROFILE_IMAGES) expect(source).toContain(`${image.debianPackage}:${image.path}`);
  });

  it('the loader returns null for models without measurements', () => {
    expect(loadActivationStats('resnet50')).toBeNull();
    expect(loadActivationStats('')).toBeNull();
  });

  it('is exported from the package index', () => {
    expect(models.loadActivationStats('mobilenet_v2')).toBe(loadActivationStats('mobilenet_v2'));
    expect(models.defaultLayerActivationStats).toBe(defaultLayerActivationStats);
  });
});

describe('defaultLayerActivationStats', () => {
  it('is a valid documented default: median Pa and mean histograms of mobilenet_v2, 0 samples', () => {
    const d = defaultLayerActivationStats('my_conv');
    expect(parseActivationStats({ source: DEFAULT_ACTIVATION_STATS_SOURCE, layers: [d] }).layers[0]).toEqual(
      d,
    );
    expect(d.layer).toBe('my_conv');
    expect(d.samples).toBe(0);
    const layers = loadActivationStats('mobilenet_v2')!.layers;
    const pas = layers.map((l) => l.precisionBits).sort((a, b) => a - b);
    expect(d.precisionBits).toBe(pas[Math.floor(pas.length / 2)]);
    const meanZero = layers.reduce((s, l) => s + l.onesHistogram[0]!, 0) / layers.length;
    expect(d.onesHistogram[0]).toBeCloseTo(meanZero, 6);
  });
  it('returns independent copies', () => {
    const a = defaultLayerActivationStats('a');
    a.onesHistogram[0] = 42;
    expect(defaultLayerActivationStats('b').onesHistogram[0]).not.toBe(42);
  });
});
