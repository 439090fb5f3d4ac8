import { describe, expect, it } from 'vitest';
import {
  decodeLayer,
  errorStats,
  InfeasibleBudgetError,
  InvalidInputError,
  type Network,
  quantizeNetwork,
  VariantIdSchema,
} from '../../src/index.js';
import { denseNetwork, laplaceWeights } from '../helpers/networks.js';

const VARIANTS = VariantIdSchema.options;

function twoLayerNetwork(): Network {
  const a = denseNetwork(laplaceWeights(24 * 40, 1), 40, 'a');
  const b = denseNetwork(laplaceWeights(10 * 9, 2, 0.3), 9, 'b');
  return { ...a, layers: [a.layers[0]!, b.layers[0]!] };
}

describe('quantizeNetwork', () => {
  for (const variant of VARIANTS) {
    it(`${variant}: decode(encode(w)) equals the reconstruction, bit for bit`, () => {
      for (const spec of [
        { bits: 1, groupSize: 16 },
        { bits: 3, groupSize: 7, scale: 'per-tensor' as const },
        { budget: 3.5, groupSize: 8 },
        { bits: 2, groupSize: 16, scaleMethod: 'search' as const },
      ]) {
        const q = quantizeNetwork(twoLayerNetwork(), { variant, ...spec });
        for (const layer of q.layers) {
          const decoded = decodeLayer(layer.code);
          expect(Buffer.from(decoded.buffer).equals(Buffer.from(layer.weights.buffer))).toBe(true);
        }
      }
    });
  }

  it('reports storage as SWIS.md counts it, with scales separate', () => {
    const net = denseNetwork(laplaceWeights(4 * 32, 3), 32); // 4 filters of 2 groups of 16
    const expected = {
      swis: 4 + (2 * 3 * 3) / 32,
      'swis-c': 4 + (2 * 3) / 32,
      truncation: 4,
      uniform: 4,
      'block-fp': 4 + (2 * 8) / 32,
    };
    for (const variant of VARIANTS) {
      const q = quantizeNetwork(net, { variant, bits: 3, groupSize: 16 });
      expect(q.bitsPerWeight).toBeCloseTo(expected[variant], 12);
      expect(q.scaleBitsPerWeight).toBeCloseTo(variant === 'block-fp' ? 0 : (4 * 32) / 128, 12);
      expect(q.bitsHistogram).toEqual({ 3: 4 });
      const perTensor = quantizeNetwork(net, { variant, bits: 3, groupSize: 16, scale: 'per-tensor' });
      expect(perTensor.scaleBitsPerWeight).toBeCloseTo(variant === 'block-fp' ? 0 : 32 / 128, 12);
    }
  });

  it('sees weights changed in place between calls (the kernel does not serve a stale copy)', () => {
    const net = twoLayerNetwork();
    const before = quantizeNetwork(net, { variant: 'swis', bits: 2, groupSize: 16 });
    net.layers[0]!.weights.reverse();
    net.layers[0]!.weights[0]! *= 3;
    const after = quantizeNetwork(net, { variant: 'swis', bits: 2, groupSize: 16 });
    const fresh = quantizeNetwork(structuredClone(net), { variant: 'swis', bits: 2, groupSize: 16 });
    expect(after.sse).toBe(fresh.sse);
    expect(after.sse).not.toBe(before.sse);
  });

  it('reports the error of the float32 reconstruction itself (kernel statistics equal errorStats)', () => {
    const net = twoLayerNetwork();
    for (const variant of VARIANTS) {
      const q = quantizeNetwork(net, { variant, budget: 3.2, groupSize: 16 });
      q.layers.forEach((layer, i) => {
        const reference = errorStats(net.layers[i]!.weights, layer.weights);
        expect(layer.sse).toBeCloseTo(reference.sse, 12);
        expect(layer.signal).toBeCloseTo(reference.signal, 12);
        expect(layer.maxAbsError).toBe(reference.maxAbsError);
        expect(layer.weightCount).toBe(reference.weightCount);
      });
    }
  });

  it('combines layers: totals are sums, SQNR from the summed error', () => {
    const q = quantizeNetwork(twoLayerNetwork(), { variant: 'swis', bits: 2, groupSize: 16 });
    expect(q.weightCount).toBe(24 * 40 + 10 * 9);
    expect(q.sse).toBeCloseTo(q.layers[0]!.sse + q.layers[1]!.sse, 12);
    expect(q.maxAbsError).toBe(Math.max(q.layers[0]!.maxAbsError, q.layers[1]!.maxAbsError));
    expect(q.sqnrDb).toBeCloseTo(10 * Math.log10((q.layers[0]!.signal + q.layers[1]!.signal) / q.sse), 9);
  });

  it('never gets worse with more shared bits, and swis never loses to swis-c or truncation at equal N', () => {
    const net = twoLayerNetwork();
    let previous = Number.POSITIVE_INFINITY;
    for (let bits = 1; bits <= 7; bits++) {
      const swis = quantizeNetwork(net, { variant: 'swis', bits, groupSize: 16 }).sse;
      expect(swis).toBeLessThanOrEqual(previous);
      expect(swis).toBeLessThanOrEqual(
        quantizeNetwork(net, { variant: 'swis-c', bits, groupSize: 16 }).sse * (1 + 1e-9),
      );
      expect(swis).toBeLessThanOrEqual(
        quantizeNetwork(net, { variant: 'truncation', bits, groupSize: 16 }).sse * (1 + 1e-9),
      );
      previous = swis;
    }
  });

  it('reproduces the base format exactly at N = M for integer magnitudes', () => {
    const weights = Float32Array.from({ length: 32 }, (_, i) => ((i * 37) % 255) - 127);
    const q = quantizeNetwork(denseNetwork(weights, 32), { variant: 'swis', bits: 7, groupSize: 16 });
    expect(q.sse).toBe(0);
    expect(q.sqnrDb).toBe(Number.POSITIVE_INFINITY);
  });

  it('quantizes an all-zero filter to zeros without dividing by zero', () => {
    const weights = new Float32Array(48);
    weights.set(laplaceWeights(16, 5), 32); // filters 0 and 1 are zero
    for (const variant of VARIANTS) {
      const q = quantizeNetwork(denseNetwork(weights, 16), {
        variant,
        bits: 2,
        groupSize: 4,
        scaleMethod: 'search',
      });
      expect(Array.from(q.layers[0]!.weights.subarray(0, 32)).every((w) => w === 0)).toBe(true);
      expect(Number.isFinite(q.sse)).toBe(true);
    }
  });

  it('scale search never does worse than max scaling, and helps uniform at low N', () => {
    const net = twoLayerNetwork();
    for (const variant of VARIANTS) {
      for (const scale of ['per-filter', 'per-tensor'] as const) {
        const max = quantizeNetwork(net, { variant, bits: 2, groupSize: 16, scale });
        const search = quantizeNetwork(net, {
          variant,
          bits: 2,
          groupSize: 16,
          scale,
          scaleMethod: 'search',
        });
        expect(search.sse).toBeLessThanOrEqual(max.sse * (1 + 1e-6));
      }
    }
    const max = quantizeNetwork(net, { variant: 'uniform', bits: 1, groupSize: 16 });
    const search = quantizeNetwork(net, {
      variant: 'uniform',
      bits: 1,
      groupSize: 16,
      scaleMethod: 'search',
    });
    expect(search.sqnrDb).toBeGreaterThan(max.sqnrDb + 1);
  });
});

describe('fractional budgets', () => {
  it('spends the budget without exceeding it and reports the histogram of N', () => {
    const net = twoLayerNetwork();
    for (const variant of VARIANTS) {
      const q = quantizeNetwork(net, { variant, budget: 3.5, groupSize: 16 });
      expect(q.bitsPerWeight).toBeLessThanOrEqual(3.5 + 1e-9);
      expect(q.bitsPerWeight).toBeGreaterThan(3.0);
      const filters = Object.values(q.bitsHistogram).reduce((a, b) => a + b, 0);
      expect(filters).toBe(24 + 10);
      expect(Object.keys(q.bitsHistogram).length).toBeGreaterThan(1);
    }
  });

  it('at a budget equal to a fixed N cost it is at least as good as that fixed N', () => {
    const net = twoLayerNetwork();
    const fixed = quantizeNetwork(net, { variant: 'uniform', bits: 2, groupSize: 16 });
    const budget = quantizeNetwork(net, { variant: 'uniform', budget: fixed.bitsPerWeight, groupSize: 16 });
    expect(budget.bitsPerWeight).toBeLessThanOrEqual(fixed.bitsPerWeight + 1e-9);
    expect(budget.sse).toBeLessThanOrEqual(fixed.sse * (1 + 1e-9));
  });

  it('gives more bits to the filters whose error drops most', () => {
    // Filter 0 is large (big error at N = 1), filter 1 is tiny: one extra bit should go to filter 0 first.
    const weights = new Float32Array(64);
    weights.set(laplaceWeights(32, 11, 1), 0);
    weights.set(laplaceWeights(32, 12, 1e-4), 32);
    const q = quantizeNetwork(denseNetwork(weights, 32), {
      variant: 'uniform',
      budget: 3,
      groupSize: 32,
      scale: 'per-tensor',
    });
    const bits = q.layers[0]!.code.filterBits;
    expect(bits[0]).toBeGreaterThan(bits[1]!);
  });

  it('rejects a budget below the cheapest representation', () => {
    expect(() => quantizeNetwork(twoLayerNetwork(), { variant: 'swis', budget: 1.5, groupSize: 16 })).toThrow(
      InfeasibleBudgetError,
    );
  });
});

describe('bad specs and cancellation', () => {
  it('collects every problem of a spec in one InvalidInputError', () => {
    try {
      quantizeNetwork(twoLayerNetwork(), { variant: 'swis', bits: 9, groupSize: 0 } as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      const paths = (error as InvalidInputError).issues.map((i) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['groupSize']));
      expect((error as InvalidInputError).code).toBe('SWIS_ERR_INPUT_INVALID');
    }
    expect(() => quantizeNetwork(twoLayerNetwork(), { variant: 'swis', groupSize: 16 })).toThrow(
      /exactly one of bits and budget/,
    );
    expect(() => quantizeNetwork(twoLayerNetwork(), { variant: 'swis', bits: 8, groupSize: 16 })).toThrow(
      /at most baseBits - 1 = 7/,
    );
    expect(() => quantizeNetwork(twoLayerNetwork(), { variant: 'nope', bits: 2 } as never)).toThrow(
      InvalidInputError,
    );
  });

  it('stops between layers when the signal aborts', () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled by test'));
    expect(() =>
      quantizeNetwork(twoLayerNetwork(), { variant: 'swis', bits: 2 }, { signal: controller.signal }),
    ).toThrow('cancelled by test');
  });

  it('reports progress per layer', () => {
    const seen: [number, number][] = [];
    quantizeNetwork(
      twoLayerNetwork(),
      { variant: 'swis', bits: 2 },
      { onProgress: (d, t) => seen.push([d, t]) },
    );
    expect(seen).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });
});
