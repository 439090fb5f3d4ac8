import { describe, expect, it } from 'vitest';
import {
  type ActivationStats,
  baselineRun,
  defaultActivationStats,
  designPoints,
  InvalidInputError,
  type Layer,
  type Network,
  PointDetailSchema,
  PointMetricsSchema,
  parseSweepSpec,
  pointMetrics,
  quantizeNetwork,
  simulateNetwork,
} from '../../src/index.js';
import { laplaceWeights } from '../helpers/networks.js';

function layer(name: string, kind: Layer['kind'], shape: Layer['shape'], extra: Partial<Layer> = {}): Layer {
  const [k, c, r, s] = shape;
  return {
    name,
    kind,
    shape,
    groups: 1,
    stride: [1, 1],
    padding: [0, 0, 0, 0],
    inputSize: [1, 1],
    weights: laplaceWeights(k * c * r * s, name.length + 3),
    ...extra,
  };
}

// A strided conv, a depthwise conv and a dense layer.
const network: Network = {
  name: 'tiny',
  layers: [
    layer('conv', 'conv', [16, 3, 3, 3], { inputSize: [12, 12], stride: [2, 2], padding: [1, 1, 1, 1] }),
    layer('dw', 'depthwise', [16, 1, 3, 3], { groups: 16, inputSize: [6, 6], padding: [1, 1, 1, 1] }),
    layer('fc', 'dense', [10, 16 * 36, 1, 1]),
  ],
  metadata: { source: 'test', weightsWere8Bit: false, batchNormFolded: false, notes: [] },
};

// Statistics unlike the default (low precision, sparse ones), so using them changes the figures.
const stats: ActivationStats = {
  source: 'test',
  layers: network.layers.map((l) => ({
    layer: l.name,
    precisionBits: 5,
    onesHistogram: [0.4, 0.3, 0.2, 0.1, 0, 0, 0, 0, 0],
    boothHistogram: [0.4, 0.4, 0.2, 0, 0],
    samples: 100,
  })),
};

const quant = { variant: 'swis', bits: 3, groupSize: 8 } as const;
const quantization = quantizeNetwork(network, quant);
const config = {
  quant: quantization.spec,
  hardware: { rows: 8, cols: 4, dataflow: 'ws', lanesPerPe: 8 },
  simulation: { arch: 'swis', activationStats: null },
} as const;

describe('pointMetrics', () => {
  it('reports the quantization and simulation figures of the point', () => {
    const { metrics, detail } = pointMetrics(network, quantization, config, { activationStats: stats });
    const run = simulateNetwork(network, quantization, config.hardware, {
      arch: 'swis',
      activationStats: stats,
    });
    expect(metrics).toEqual({
      bitsPerWeight: quantization.bitsPerWeight,
      scaleBitsPerWeight: quantization.scaleBitsPerWeight,
      sqnrDb: quantization.sqnrDb,
      sse: quantization.sse,
      mse: quantization.mse,
      cycles: run.cycles,
      computeCycles: run.computeCycles,
      memoryCycles: run.memoryCycles,
      energyPj: run.energyPj,
      energyBreakdownPj: run.energyBreakdownPj,
      areaMm2: run.areaMm2,
      dramBytes: run.dramBytes,
      utilization: run.utilization,
      imbalanceLoss: run.imbalanceLoss,
    });
    // Hand check of the storage: swis N + 1 + N ceil(log2 7) / G = 3 + 1 + 9 / 8 on full groups.
    expect(quantization.layers[2]!.bitsPerWeight).toBe(3 + 1 + 9 / 8);
    expect(metrics.cycles).toBe(
      run.layers.reduce((s, l) => s + Math.max(l.computeCycles, l.memoryCycles), 0),
    );
    expect(metrics).not.toHaveProperty('speedupVsBaseline');
    expect(detail).toEqual(
      network.layers.map((l, i) => ({
        name: l.name,
        sse: quantization.layers[i]!.sse,
        sqnrDb: quantization.layers[i]!.sqnrDb,
        bitsPerWeight: quantization.layers[i]!.bitsPerWeight,
        meanBits: 3,
        cycles: run.layers[i]!.cycles,
        computeCycles: run.layers[i]!.computeCycles,
        memoryCycles: run.layers[i]!.memoryCycles,
        energyPj: run.layers[i]!.energyPj,
        utilization: run.layers[i]!.utilization,
      })),
    );
    expect(PointMetricsSchema.parse(metrics)).toEqual(metrics);
    expect(PointDetailSchema.parse(detail)).toEqual(detail);
  });

  it('uses the activation statistics it is given (default when null)', () => {
    const stripes = { ...config, simulation: { arch: 'stripes', activationStats: null } } as const;
    const measured = pointMetrics(network, quantization, stripes, { activationStats: stats }).metrics;
    const byDefault = pointMetrics(network, quantization, stripes, { activationStats: null }).metrics;
    const defaultStats = {
      source: 'default',
      layers: network.layers.map((l) => defaultActivationStats(l.name)),
    };
    expect(measured.cycles).toBeLessThan(byDefault.cycles);
    expect(byDefault.cycles).toBe(
      simulateNetwork(network, quantization, stripes.hardware, {
        arch: 'stripes',
        activationStats: defaultStats,
      }).cycles,
    );
  });

  it('compares with the baseline run on its own array, lanes following the group size', () => {
    const baseline = { arch: 'weight-serial', rows: 16, cols: 16, dataflow: 'ws' } as const;
    const { metrics } = pointMetrics(network, quantization, config, { activationStats: stats, baseline });
    const point = simulateNetwork(network, quantization, config.hardware, {
      arch: 'swis',
      activationStats: stats,
    });
    const base = simulateNetwork(
      network,
      quantization,
      { rows: 16, cols: 16, dataflow: 'ws', lanesPerPe: 8 },
      { arch: 'weight-serial', activationStats: stats },
    );
    expect(metrics.speedupVsBaseline).toBe(base.cycles / point.cycles);
    expect(metrics.energyRatioVsBaseline).toBe(base.energyPj / point.energyPj);
    // Same direction as simulateNetwork's own comparison on a shared array.
    const shared = simulateNetwork(network, quantization, config.hardware, {
      arch: 'swis',
      baseline: 'weight-serial',
      activationStats: stats,
    });
    const sameArray = pointMetrics(network, quantization, config, {
      activationStats: stats,
      baseline: { ...baseline, rows: 8, cols: 4 },
    }).metrics;
    expect(sameArray.speedupVsBaseline).toBe(shared.speedupVsBaseline);
    expect(sameArray.energyRatioVsBaseline).toBe(shared.energyRatioVsBaseline);
  });

  it('accepts a precomputed baseline run, with the same result', () => {
    const baseline = { arch: 'bit-parallel', rows: 32, cols: 32, dataflow: 'os', lanesPerPe: 1 } as const;
    const precomputed = baselineRun(network, quantization, baseline, stats);
    expect(precomputed.hardware.lanesPerPe).toBe(1);
    expect(precomputed.run.cycles).toBe(
      simulateNetwork(
        network,
        quantization,
        { rows: 32, cols: 32, dataflow: 'os', lanesPerPe: 1 },
        { arch: 'bit-parallel', activationStats: stats },
      ).cycles,
    );
    const options = { activationStats: stats };
    expect(pointMetrics(network, quantization, config, { ...options, baseline: precomputed })).toEqual(
      pointMetrics(network, quantization, config, { ...options, baseline }),
    );
  });

  it('evaluates design points as designPoints builds them', () => {
    const spec = parseSweepSpec({
      name: 'tiny',
      model: 'tiny',
      axes: {
        variant: ['swis', 'truncation'],
        bits: [2],
        groupSize: [8],
        hardware: [{ arch: 'swis', rows: 4, cols: 4, dataflow: 'os' }],
      },
      baseline: { arch: 'stripes', rows: 4, cols: 4, dataflow: 'os' },
      objectives: ['cycles:min', 'sqnrDb:max'],
    });
    for (const point of designPoints(spec)) {
      const q = quantizeNetwork(network, point.quant);
      const base = baselineRun(network, q, spec.baseline!, stats);
      const { metrics } = pointMetrics(network, q, point, { activationStats: stats, baseline: base });
      expect(metrics.bitsPerWeight).toBe(q.bitsPerWeight);
      expect(metrics.speedupVsBaseline).toBeGreaterThan(1);
    }
  });

  it('reports an exact reconstruction as sqnrDb null (JSON has no Infinity)', () => {
    // Integer weights with 127 in every filter: step 1, all 7 magnitude bits kept, so no error.
    const exact: Network = {
      ...network,
      layers: [
        layer('fc', 'dense', [2, 8, 1, 1], {
          weights: Float32Array.from([127, -3, 5, 0, 1, 2, -64, 33, -127, 100, 7, 9, -1, 0, 0, 12]),
        }),
      ],
    };
    const q = quantizeNetwork(exact, { variant: 'swis', bits: 7, groupSize: 8 });
    const { metrics, detail } = pointMetrics(exact, q, { ...config, quant: q.spec });
    expect(q.sqnrDb).toBe(Number.POSITIVE_INFINITY);
    expect(metrics.sse).toBe(0);
    expect(metrics.sqnrDb).toBeNull();
    expect(detail[0]!.sqnrDb).toBeNull();
  });

  it('throws InvalidInputError on bad input', () => {
    const bad = (run: () => unknown) => expect(run).toThrow(InvalidInputError);
    bad(() => pointMetrics(network, quantization, { ...config, hardware: { ...config.hardware, rows: 0 } }));
    bad(() => pointMetrics(network, quantization, { ...config, quant: { ...quant, bits: 2 } }));
    bad(() =>
      pointMetrics(network, quantization, {
        ...config,
        simulation: { arch: 'swis', baseline: 'stripes' },
      }),
    );
    bad(() =>
      pointMetrics(network, quantization, config, {
        baseline: { arch: 'nope', rows: 4, cols: 4, dataflow: 'ws' } as never,
      }),
    );
    bad(() =>
      pointMetrics(network, quantization, config, {
        activationStats: { source: 'test', layers: stats.layers.slice(1) },
      }),
    );
    const other = quantizeNetwork(network, { ...quant, bits: 2 });
    const otherBaseline = baselineRun(
      network,
      other,
      { arch: 'stripes', rows: 4, cols: 4, dataflow: 'ws' },
      null,
    );
    bad(() => pointMetrics(network, quantization, config, { baseline: otherBaseline }));
    const otherNetwork = { ...network, layers: network.layers.slice(0, 2) };
    bad(() => pointMetrics(otherNetwork, quantization, config));
  });
});
