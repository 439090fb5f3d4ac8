import { describe, expect, it } from 'vitest';
import {
  ArchitectureIdSchema,
  computeCycles,
  type DataflowId,
  defaultActivationStats,
  ENERGY_PRESETS,
  gemmsOfNetwork,
  InvalidInputError,
  type Layer,
  type Network,
  peCycleEnergyPj,
  quantizeNetwork,
  simulateNetwork,
  sweepDramEnergy,
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
    weights: laplaceWeights(k * c * r * s, name.length),
    ...extra,
  };
}

// A padded strided conv, a depthwise conv and a dense layer.
const network: Network = {
  name: 'small',
  layers: [
    layer('conv', 'conv', [16, 3, 3, 3], { inputSize: [12, 12], stride: [2, 2], padding: [1, 1, 1, 1] }),
    layer('dw', 'depthwise', [16, 1, 3, 3], { groups: 16, inputSize: [6, 6], padding: [1, 1, 1, 1] }),
    layer('fc', 'dense', [10, 16 * 36, 1, 1]),
  ],
  metadata: { source: 'test', weightsWere8Bit: false, batchNormFolded: false, notes: [] },
};
const array = (dataflow: DataflowId) => ({ rows: 8, cols: 4, dataflow });

describe('simulateNetwork, bit-parallel against SCALE-Sim', () => {
  it('compute cycles are the sum over layers and depthwise channels of SCALE-Sim cycles + 1', () => {
    for (const dataflow of ['os', 'ws', 'is'] as const) {
      const result = simulateNetwork(network, null, array(dataflow), { arch: 'bit-parallel' });
      const expected = gemmsOfNetwork(network).map(
        (g) => g.groups * (computeCycles(g.gemm, array(dataflow)).cycles + 1),
      );
      expect(result.layers.map((l) => l.computeCycles)).toEqual(expected);
      expect(result.computeCycles).toBe(expected.reduce((a, b) => a + b, 0));
      // With one lane, utilization is SCALE-Sim's useful MACs over PE-cycles.
      const conv = gemmsOfNetwork(network)[0]!;
      expect(result.layers[0]!.utilization).toBeCloseTo(
        computeCycles(conv.gemm, array(dataflow)).utilization,
        12,
      );
    }
  });

  it('matches the published GEMM run M=128, N=64, K=256 on 32x32 (os 2543 + 1) as a 1x1 conv', () => {
    const gemmNet: Network = {
      ...network,
      layers: [layer('gemm', 'conv', [64, 256, 1, 1], { inputSize: [8, 16] })],
    };
    const result = simulateNetwork(
      gemmNet,
      null,
      { rows: 32, cols: 32, dataflow: 'os' },
      { arch: 'bit-parallel' },
    );
    expect(result.computeCycles).toBe(2544);
  });
});

describe('simulateNetwork, every architecture', () => {
  it('gives finite positive cycles, utilization in (0, 1] and imbalance loss in [0, 1) on every dataflow', () => {
    const q = quantizeNetwork(network, { variant: 'swis-c', budget: 2.5, groupSize: 8 });
    for (const dataflow of ['os', 'ws', 'is'] as const) {
      for (const arch of ArchitectureIdSchema.options) {
        for (const schedule of ['none', 'sorted'] as const) {
          const result = simulateNetwork(
            network,
            q,
            { ...array(dataflow), lanesPerPe: 8 },
            { arch, schedule },
          );
          expect(result.cycles).toBeGreaterThan(0);
          expect(Number.isFinite(result.energyPj)).toBe(true);
          expect(result.utilization).toBeGreaterThan(0);
          expect(result.utilization).toBeLessThanOrEqual(1);
          expect(result.imbalanceLoss).toBeGreaterThanOrEqual(0);
          expect(result.imbalanceLoss).toBeLessThan(1);
        }
      }
    }
  });
});

describe('simulateNetwork, memory', () => {
  const dense: Network = { ...network, layers: [layer('fc', 'dense', [256, 256, 1, 1])] };

  it('a dense layer at 1 byte per cycle is memory-bound: cycles = DRAM bytes / bandwidth', () => {
    // 65536 INT8 weights + 256 x 32 bits of scales / 8 = 66560 bytes, 256 inputs, 256 outputs.
    const result = simulateNetwork(
      dense,
      null,
      { ...array('os'), dramBandwidthBytesPerCycle: 1 },
      { arch: 'bit-parallel' },
    );
    const fc = result.layers[0]!;
    expect(fc.dramBytes).toBe(65536 + 1024 + 256 + 256);
    expect(fc.memoryCycles).toBe(fc.dramBytes);
    expect(fc.cycles).toBe(fc.memoryCycles);
    expect(fc.memoryCycles).toBeGreaterThan(fc.computeCycles);
  });

  it('a pointwise conv with a large map and few weights is compute-bound: cycles = compute cycles', () => {
    const conv: Network = {
      ...network,
      layers: [layer('pw', 'conv', [8, 8, 1, 1], { inputSize: [32, 32] })],
    };
    const result = simulateNetwork(conv, null, array('os'), { arch: 'bit-parallel' });
    expect(result.cycles).toBe(result.computeCycles);
    expect(result.memoryCycles).toBeLessThan(result.computeCycles);
  });

  it('swis moves fewer weight bytes than bit-parallel: its storage accounting, metadata included', () => {
    const q = quantizeNetwork(dense, { variant: 'swis', bits: 2, groupSize: 16 });
    const hardware = { ...array('os'), lanesPerPe: 16 };
    const result = simulateNetwork(dense, q, hardware, { arch: 'swis', baseline: 'bit-parallel' });
    const bytes = (65536 * (q.bitsPerWeight + q.scaleBitsPerWeight)) / 8;
    expect(result.layers[0]!.weightDramBytes).toBeCloseTo(bytes, 6);
    expect(result.dramBytes).toBeLessThan(result.baseline!.dramBytes);
  });
});

describe('simulateNetwork, energy', () => {
  const q = quantizeNetwork(network, { variant: 'swis', budget: 3, groupSize: 8 });
  const hardware = { ...array('ws'), lanesPerPe: 8 };
  const result = simulateNetwork(network, q, hardware, {
    arch: 'swis',
    baseline: 'stripes',
    schedule: 'sorted',
  });

  it('the breakdown sums to the energy, per layer and in total, and totals are sums over layers', () => {
    for (const run of [result, ...result.layers]) {
      const { compute, buffers, dram } = run.energyBreakdownPj;
      expect(run.energyPj).toBeCloseTo(compute + buffers + dram, 6);
    }
    expect(result.energyPj).toBeCloseTo(
      result.layers.reduce((s, l) => s + l.energyPj, 0),
      6,
    );
    expect(result.dramBytes).toBeCloseTo(
      result.layers.reduce((s, l) => s + l.dramBytes, 0),
      6,
    );
  });

  it('compute energy is work PE-cycles x PE energy; DRAM energy is 64-bit accesses x 1300 pJ', () => {
    const pe = peCycleEnergyPj(ENERGY_PRESETS['horowitz-45nm'], 'swis', 8);
    for (const l of result.layers) {
      expect(l.energyBreakdownPj.compute).toBeCloseTo(l.workPeCycles * pe, 6);
      expect(l.energyBreakdownPj.dram).toBeCloseTo((l.dramBytes / 8) * 1300, 6);
    }
  });

  it('the baseline comparison is baseline over this run, and a run against itself is 1', () => {
    expect(result.speedupVsBaseline).toBe(result.baseline!.cycles / result.cycles);
    expect(result.energyRatioVsBaseline).toBe(result.baseline!.energyPj / result.energyPj);
    const self = simulateNetwork(network, q, hardware, { arch: 'swis', baseline: 'swis' });
    expect(self.speedupVsBaseline).toBe(1);
    expect(self.energyRatioVsBaseline).toBe(1);
  });

  it('a DRAM sweep is monotone and passes through the table value', () => {
    const points = sweepDramEnergy(result, [500, 1000, 1300, 2600]);
    for (let i = 1; i < points.length; i++)
      expect(points[i]!.energyPj).toBeGreaterThanOrEqual(points[i - 1]!.energyPj);
    expect(points[2]!.energyPj).toBeCloseTo(result.energyPj, 6);
  });

  it('takes a custom energy table and area preset', () => {
    const free = { ...ENERGY_PRESETS['horowitz-45nm'], name: 'free-dram', dramPjPer64b: 0 };
    const custom = simulateNetwork(network, q, hardware, { arch: 'swis', energy: free, area: 'gates-28nm' });
    expect(custom.energyBreakdownPj.dram).toBe(0);
    expect(custom.areaMm2).toBeLessThan(result.areaMm2);
  });
});

describe('simulateNetwork, bad inputs', () => {
  const q = quantizeNetwork(network, { variant: 'swis', bits: 2, groupSize: 4 });
  const hardware = { ...array('os'), lanesPerPe: 4 };

  it('rejects an unknown architecture and misspelt options with InvalidInputError', () => {
    expect(() => simulateNetwork(network, q, hardware, { arch: 'tpu' as 'swis' })).toThrow(InvalidInputError);
    expect(() =>
      simulateNetwork(network, q, hardware, { arch: 'swis', scheduel: 'sorted' } as unknown as {
        arch: 'swis';
      }),
    ).toThrow(/scheduel/);
  });

  it('rejects statistics missing a layer, naming it', () => {
    const activationStats = {
      source: 'test',
      layers: [defaultActivationStats('conv'), defaultActivationStats('fc')],
    };
    expect(() => simulateNetwork(network, q, hardware, { arch: 'pragmatic', activationStats })).toThrow(
      /"dw"/,
    );
  });

  it('without statistics, every layer gets defaultActivationStats', () => {
    const activationStats = {
      source: 'default',
      layers: network.layers.map((l) => defaultActivationStats(l.name)),
    };
    const measured = simulateNetwork(network, q, hardware, { arch: 'laconic', activationStats });
    expect(simulateNetwork(network, q, hardware, { arch: 'laconic' }).cycles).toBe(measured.cycles);
  });

  it('rejects the quantization of another network', () => {
    const other = quantizeNetwork(
      { ...network, layers: [network.layers[2]!] },
      { variant: 'swis', bits: 2, groupSize: 4 },
    );
    expect(() => simulateNetwork(network, other, hardware, { arch: 'swis' })).toThrow(InvalidInputError);
    const renamed = { ...q, layers: q.layers.map((l, i) => (i === 1 ? { ...l, name: 'other' } : l)) };
    expect(() => simulateNetwork(network, renamed, hardware, { arch: 'bit-parallel' })).toThrow(/layers\.1/);
  });

  it('rejects value-aware architectures without a quantization, as arch or as baseline', () => {
    expect(() => simulateNetwork(network, null, hardware, { arch: 'swis' })).toThrow(InvalidInputError);
    expect(() => simulateNetwork(network, null, hardware, { arch: 'stripes', baseline: 'bitwave' })).toThrow(
      InvalidInputError,
    );
  });
});
