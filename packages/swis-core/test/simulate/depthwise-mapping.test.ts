import { describe, expect, it } from 'vitest';
import {
  computeCycles,
  type DataflowId,
  type Layer,
  type Network,
  quantizeNetwork,
  simulateNetwork,
} from '../../src/index.js';
import { laplaceWeights } from '../helpers/networks.js';
import { networkQuantization, swisLayer } from './fixtures.js';

// 4 channels, 3x3 kernels on a 4x4 input without padding: per channel M = 2 x 2 = 4, N = 1, K = 9.
const depthwise: Layer = {
  name: 'dw',
  kind: 'depthwise',
  shape: [4, 1, 3, 3],
  groups: 4,
  stride: [1, 1],
  padding: [0, 0, 0, 0],
  inputSize: [4, 4],
  weights: laplaceWeights(36, 7),
};
const network: Network = {
  name: 'dw-only',
  layers: [depthwise],
  metadata: { source: 'test', weightsWere8Bit: false, batchNormFolded: false, notes: [] },
};
const array = (dataflow: DataflowId) => ({ rows: 8, cols: 4, dataflow });

describe('depthwiseMapping, bit-parallel on 8x4 (hand-computed)', () => {
  // per-channel: 4 GEMMs 4x1x9. os: one fold of T + R + C - 2 = 9 + 8 + 4 - 2 = 19 -> 4 x 19 = 76.
  // ws: K = 9 over 8 rows = 2 folds of 2R + C + T - 2 = 16 + 4 + 4 - 2 = 22 -> 4 x 44 = 176.
  // is: K over rows (2 folds), M over columns, T = N = 1: 16 + 4 + 1 - 2 = 19 -> 4 x 38 = 152.
  // channels-as-filters: one GEMM 4x4x9. os: N = 4 fits the 4 columns, one fold: 19.
  // ws: 2 row folds x 22 = 44. is: T = N = 4: 2 x (16 + 4 + 4 - 2) = 44.
  const expected = {
    os: { 'per-channel': 76, 'channels-as-filters': 19 },
    ws: { 'per-channel': 176, 'channels-as-filters': 44 },
    is: { 'per-channel': 152, 'channels-as-filters': 44 },
  } as const;

  for (const dataflow of ['os', 'ws', 'is'] as const) {
    it(`${dataflow}: per-channel ${expected[dataflow]['per-channel']}, channels-as-filters ${expected[dataflow]['channels-as-filters']} cycles`, () => {
      for (const mapping of ['per-channel', 'channels-as-filters'] as const) {
        const result = simulateNetwork(network, null, array(dataflow), {
          arch: 'bit-parallel',
          depthwiseMapping: mapping,
        });
        expect(result.computeCycles).toBe(expected[dataflow][mapping]);
      }
    });
  }

  it('per-channel is the default and stays SCALE-Sim: channels x (Total Cycles + 1)', () => {
    for (const dataflow of ['os', 'ws', 'is'] as const) {
      const byDefault = simulateNetwork(network, null, array(dataflow), { arch: 'bit-parallel' });
      const explicit = simulateNetwork(network, null, array(dataflow), {
        arch: 'bit-parallel',
        depthwiseMapping: 'per-channel',
      });
      expect(explicit).toEqual(byDefault);
      const scaleSim = computeCycles({ m: 4, n: 1, k: 9 }, array(dataflow)).cycles + 1;
      expect(byDefault.computeCycles).toBe(4 * scaleSim);
    }
  });

  it('moves the same DRAM bytes under both mappings and does the same MACs', () => {
    const run = (depthwiseMapping: 'per-channel' | 'channels-as-filters') =>
      simulateNetwork(network, null, array('ws'), { arch: 'bit-parallel', depthwiseMapping });
    const perChannel = run('per-channel');
    const asFilters = run('channels-as-filters');
    // INT8 weights 36 + 4 x 32-bit scales over 9 weights each (16 bytes), input 4 x 16, output 4 x 4.
    expect(perChannel.dramBytes).toBe(36 + 16 + 64 + 16);
    expect(asFilters.dramBytes).toBe(perChannel.dramBytes);
    expect(asFilters.layers[0]!.macs).toBe(perChannel.layers[0]!.macs);
  });
});

describe('depthwiseMapping, swis lockstep tiles (hand-computed)', () => {
  // Channels with N = 1, 2, 3, 4 on G = 4 lanes: K = 9 is 3 steps (4 + 4 + 1 weights). os on 8x4, fill
  // and drain R + C - 2 = 10. per-channel: sum over channels of 10 + 3 N_f = 40 + 3 x 10 = 70.
  // channels-as-filters: the four channels share one tile, each step waits for N = 4: 10 + 3 x 4 = 22.
  const quantization = networkQuantization([swisLayer(depthwise, [1, 2, 3, 4], 4)]);
  const hardware = { ...array('os'), lanesPerPe: 4 };

  it('per-channel 70 cycles, channels-as-filters 22', () => {
    const run = (depthwiseMapping: 'per-channel' | 'channels-as-filters') =>
      simulateNetwork(network, quantization, hardware, { arch: 'swis', depthwiseMapping });
    expect(run('per-channel').computeCycles).toBe(70);
    const asFilters = run('channels-as-filters');
    expect(asFilters.computeCycles).toBe(22);
    // Work 4 pixels x 3 steps x (1 + 2 + 3 + 4) = 120 PE-cycles held 4 x 3 x 4 x 4 = 192: 37.5 % waiting.
    expect(asFilters.imbalanceLoss).toBeCloseTo(1 - 120 / 192, 12);
  });

  it('on a quantized network every architecture runs under both mappings, never slower as filters', () => {
    const q = quantizeNetwork(network, { variant: 'swis', bits: 2, groupSize: 4 });
    for (const arch of ['bit-parallel', 'stripes', 'pragmatic', 'laconic', 'bitwave', 'swis'] as const) {
      const cycles = (depthwiseMapping: 'per-channel' | 'channels-as-filters') =>
        simulateNetwork(network, q, hardware, { arch, depthwiseMapping }).computeCycles;
      expect(cycles('channels-as-filters'), arch).toBeLessThanOrEqual(cycles('per-channel'));
    }
  });
});
