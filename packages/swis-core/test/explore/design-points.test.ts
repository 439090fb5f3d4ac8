import { describe, expect, it } from 'vitest';
import { designPoints, parseSweepSpec, type SweepSpecInput } from '../../src/index.js';
import { MBV2_SMALL } from '../helpers/sweep-specs.js';

const RANDOM: SweepSpecInput = {
  ...MBV2_SMALL,
  axes: { ...MBV2_SMALL.axes, bits: [1, 2, 3, 4, 5], baseBits: [6, 8] },
  method: 'random',
  samples: 10,
};

describe('designPoints', () => {
  it("expands the issue's spec to 24 points with 24 distinct configHashes, hardware fastest", () => {
    const points = designPoints(parseSweepSpec(MBV2_SMALL));
    expect(points).toHaveLength(24);
    expect(new Set(points.map((p) => p.configHash)).size).toBe(24);
    expect(points.map((p) => p.gridIndex)).toEqual([...Array(24).keys()]);
    expect(points[0]).toMatchObject({
      quant: { variant: 'swis', bits: 2, groupSize: 8, baseBits: 8, scale: 'per-filter', scaleMethod: 'max' },
      hardware: { rows: 32, cols: 32, dataflow: 'ws', lanesPerPe: 8 },
      simulation: { arch: 'swis', schedule: 'none', activationStats: null, depthwiseMapping: 'per-channel' },
    });
    expect(points[1]!.hardware.rows).toBe(16);
    expect(points[2]!.quant.groupSize).toBe(16);
    expect(points[2]!.hardware.lanesPerPe).toBe(16);
    expect(points[4]!.quant.bits).toBe(3);
    expect(points[23]!.quant).toMatchObject({ variant: 'truncation', bits: 3, groupSize: 16 });
    expect(points[0]!.simulation).not.toHaveProperty('baseline');
  });

  it('hashes configurations, not how they were written', () => {
    const reordered = {
      objectives: ['sqnrDb:max', 'cycles:min'],
      name: 'other sweep',
      model: 'resnet18',
      axes: {
        hardware: [
          { dataflow: 'ws', cols: 16, rows: 16, arch: 'swis', clockMhz: 1000 },
          { sramBytes: 196_608, dataflow: 'ws', cols: 32, rows: 32, arch: 'swis' },
        ],
        groupSize: [16, 8],
        bits: [3, 2],
        baseBits: [8],
        variant: ['truncation', 'swis-c', 'swis'],
      },
    };
    const hashes = (input: unknown) => designPoints(parseSweepSpec(input)).map((p) => p.configHash);
    expect(new Set(hashes(reordered))).toEqual(new Set(hashes(MBV2_SMALL)));
    // Pinned: the result cache keys on this, so a change must be deliberate.
    expect(hashes(MBV2_SMALL)[0]).toMatchInlineSnapshot(`"49c8f65f78be23ff"`);
  });

  it('carries budgets instead of bits', () => {
    const spec = parseSweepSpec({
      ...MBV2_SMALL,
      axes: { ...MBV2_SMALL.axes, bits: undefined, budgets: [2.5] },
    });
    const [first] = designPoints(spec);
    expect(first!.quant.budget).toBe(2.5);
    expect(first!.quant.bits).toBeUndefined();
  });

  it('draws random points deterministically per seed, as a subset of the grid', () => {
    const grid = designPoints(parseSweepSpec({ ...RANDOM, method: 'grid', samples: undefined }));
    const a = designPoints(parseSweepSpec(RANDOM));
    const b = designPoints(parseSweepSpec(RANDOM));
    const other = designPoints(parseSweepSpec({ ...RANDOM, seed: 1 }));
    expect(a).toEqual(b);
    expect(a).toHaveLength(10);
    expect(new Set(a.map((p) => p.configHash)).size).toBe(10);
    for (const point of a) expect(grid[point.gridIndex]).toEqual(point);
    expect(other.map((p) => p.gridIndex)).not.toEqual(a.map((p) => p.gridIndex));
    // bits 5 with baseBits 6 is in the grid only because every baseBits allows it.
    expect(grid.every((p) => p.quant.bits! <= p.quant.baseBits - 1)).toBe(true);
  });

  it('never returns more random points than the grid holds', () => {
    const points = designPoints(parseSweepSpec({ ...MBV2_SMALL, method: 'random', samples: 100 }));
    expect(points.map((p) => p.gridIndex)).toEqual([...Array(24).keys()]);
  });

  it('stops when its signal is aborted', () => {
    const signal = AbortSignal.abort(new Error('cancelled'));
    expect(() => designPoints(parseSweepSpec(MBV2_SMALL), { signal })).toThrow('cancelled');
  });
});
