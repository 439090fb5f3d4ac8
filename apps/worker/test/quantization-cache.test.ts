import { loadBuiltinModel } from '@swis-dse/models';
import { configHash, type Network, parseQuantSpec, quantizeNetwork } from '@swis-dse/swis-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createQuantizationCache, quantizationBytes } from '../src/index.js';

let network: Network;

beforeAll(async () => {
  // The first layers of MobileNet-v2 keep this fast.
  const full = await loadBuiltinModel('mobilenet_v2');
  network = { ...full, layers: full.layers.slice(0, 6) };
});

const specs = [2, 3, 4].map((bits) => parseQuantSpec({ variant: 'swis', bits, groupSize: 16 }));

describe('createQuantizationCache', () => {
  it('computes a quantization once and evicts the least recently used beyond its byte bound', () => {
    const one = quantizationBytes(quantizeNetwork(network, specs[0]!));
    expect(one).toBeGreaterThan(network.layers.reduce((n, l) => n + l.weights.byteLength, 0));
    const cache = createQuantizationCache(2 * one + one / 2);
    let computed = 0;
    const get = (i: number) =>
      cache.getOrCompute('m', configHash(specs[i]), () => {
        computed++;
        return quantizeNetwork(network, specs[i]!);
      });
    const first = get(0);
    expect(first.hit).toBe(false);
    expect(get(0)).toEqual({ entry: first.entry, hit: true });
    get(1);
    get(0); // now 1 is the least recently used
    get(2);
    expect(cache.size).toBe(2);
    expect(get(0).hit).toBe(true);
    expect(get(1).hit).toBe(false);
    expect(computed).toBe(4);
    expect(cache.bytes).toBeLessThanOrEqual(2 * one + one / 2);
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 3, misses: 4 });
  });

  it('returns but does not keep a quantization larger than the bound', () => {
    const cache = createQuantizationCache(0);
    const { hit } = cache.getOrCompute('m', 'q', () => quantizeNetwork(network, specs[0]!));
    expect(hit).toBe(false);
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('keys by model as well as quantization', () => {
    const cache = createQuantizationCache();
    const compute = () => quantizeNetwork(network, specs[0]!);
    cache.getOrCompute('a', 'q', compute);
    expect(cache.getOrCompute('b', 'q', compute).hit).toBe(false);
    expect(cache.size).toBe(2);
  });
});
