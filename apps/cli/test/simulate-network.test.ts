import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNpy } from '../../../packages/models/test/helpers/make-npy.js';
import { swis } from './helpers/run-cli.js';

/** The --json report fields these tests read. */
interface Totals {
  arch: string;
  cycles: number;
  computeCycles: number;
  memoryCycles: number;
  energyPj: number;
  areaMm2: number;
  dramBytes: number;
  utilization: number;
  imbalanceLoss: number;
  energyBreakdownPj: { compute: number; buffers: number; dram: number };
}
interface Report extends Totals {
  baseline: Totals | null;
  speedupVsBaseline: number | null;
  energyRatioVsBaseline: number | null;
  areaRatioVsBaseline: number | null;
  hardware: { rows: number; cols: number; dataflow: string; lanesPerPe: number };
  quantization: { spec: Record<string, unknown> } | null;
  activationStats: { source: string; measured: boolean };
  layers: {
    name: string;
    cycles: number;
    computeCycles: number;
    memoryCycles: number;
    energyPj: number;
    dramBytes: number;
  }[];
}

async function report(...argv: string[]): Promise<Report> {
  const run = await swis('simulate', ...argv, '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Report;
}

const MOBILENET = ['--model', 'mobilenet_v2', '--rows', '32', '--cols', '32'];
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('swis simulate --model mobilenet_v2 --arch swis --bits 3 --group 16', () => {
  let json: Report;
  beforeAll(async () => {
    json = await report(...MOBILENET, '--arch', 'swis', '--bits', '3', '--group', '16');
  });

  it('prints the contract fields, with null comparisons without --baseline', () => {
    for (const key of ['cycles', 'energyPj', 'areaMm2', 'dramBytes', 'utilization'] as const) {
      expect(Number.isFinite(json[key]) && json[key] > 0, key).toBe(true);
    }
    expect(json.utilization).toBeLessThanOrEqual(1);
    expect(json).toMatchObject({
      arch: 'swis',
      baseline: null,
      speedupVsBaseline: null,
      energyRatioVsBaseline: null,
      hardware: { rows: 32, cols: 32, dataflow: 'ws', lanesPerPe: 16 },
      quantization: { spec: { variant: 'swis', bits: 3, groupSize: 16 } },
    });
    const { compute, buffers, dram } = json.energyBreakdownPj;
    expect(compute + buffers + dram).toBeCloseTo(json.energyPj, 3);
  });

  it('uses the statistics measured on real images for a built-in model, and says so', () => {
    expect(json.activationStats.measured).toBe(true);
    expect(json.activationStats.source).toMatch(/^mobilenet_v2/);
  });

  it('reports every layer, and the layers add up to the totals', () => {
    expect(json.layers).toHaveLength(55);
    for (const layer of json.layers) {
      expect(layer.cycles).toBe(Math.max(layer.computeCycles, layer.memoryCycles));
      expect(layer.energyPj).toBeGreaterThan(0);
      expect(layer.dramBytes).toBeGreaterThan(0);
    }
    expect(sum(json.layers.map((l) => l.cycles))).toBeCloseTo(json.cycles, 3);
    expect(sum(json.layers.map((l) => l.energyPj))).toBeCloseTo(json.energyPj, 1);
    expect(sum(json.layers.map((l) => l.dramBytes))).toBeCloseTo(json.dramBytes, 3);
  });
});

describe('swis simulate --baseline', () => {
  it('speedup and energy ratio are those of two separate runs on the same quantized weights', async () => {
    const quant = ['--variant', 'swis', '--bits', '3', '--group', '16', '--dataflow', 'os'];
    const paired = await report(...MOBILENET, ...quant, '--arch', 'swis', '--baseline', 'weight-serial');
    const alone = await report(...MOBILENET, ...quant, '--arch', 'weight-serial');
    expect(paired.baseline).toMatchObject({
      arch: 'weight-serial',
      cycles: alone.cycles,
      energyPj: alone.energyPj,
      areaMm2: alone.areaMm2,
      dramBytes: alone.dramBytes,
    });
    expect(paired.speedupVsBaseline).toBeCloseTo(alone.cycles / paired.cycles, 12);
    expect(paired.energyRatioVsBaseline).toBeCloseTo(alone.energyPj / paired.energyPj, 12);
    expect(paired.areaRatioVsBaseline).toBeCloseTo(alone.areaMm2 / paired.areaMm2, 12);
  });

  it('prints the comparison in the table', async () => {
    const run = await swis(
      'simulate',
      ...MOBILENET,
      '--arch',
      'swis',
      '--bits',
      '2',
      '--baseline',
      'stripes',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/vs stripes .*speedup \d+\.\d{3}, energy ratio \d+\.\d{3}, area ratio/);
    expect(run.stdout).toContain('expanded_conv_depthwise');
    expect(run.stdout).toContain('activation statistics: measured');
  });
});

describe('swis simulate --schedule on a fractional budget', () => {
  it('sorted is never slower than none, per layer and in total, under both depthwise mappings', async () => {
    for (const depthwise of ['per-channel', 'channels-as-filters']) {
      const flags = [...MOBILENET, '--arch', 'swis', '--budget', '2.5', '--depthwise', depthwise];
      const none = await report(...flags, '--schedule', 'none', '--dataflow', 'os');
      const sorted = await report(...flags, '--schedule', 'sorted', '--dataflow', 'os');
      expect(sorted.computeCycles).toBeLessThan(none.computeCycles);
      expect(sorted.imbalanceLoss).toBeLessThan(none.imbalanceLoss);
      sorted.layers.forEach((layer, i) => {
        expect(layer.computeCycles, layer.name).toBeLessThanOrEqual(none.layers[i]!.computeCycles);
      });
    }
  });
});

describe('swis simulate on a model file', () => {
  let dir: string;
  let npy: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'swis-simulate-'));
    npy = join(dir, 'conv.npy');
    const values = Array.from({ length: 8 * 4 * 9 }, (_, i) => Math.sin(i * 1.7) * 0.1);
    await writeFile(npy, makeNpy({ shape: [8, 4, 3, 3], values }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs without quantizing when no architecture needs it, on the default statistics', async () => {
    const json = await report('--weights', npy, '--input-size', '8,8', '--arch', 'stripes', '--group', '4');
    expect(json.quantization).toBeNull();
    expect(json.hardware.lanesPerPe).toBe(4);
    expect(json.activationStats).toMatchObject({ measured: false, source: /defaultActivationStats/ });
  });

  it('quantizes with the variant of a swis-c baseline by default', async () => {
    const json = await report(
      ...['--weights', npy, '--input-size', '8,8', '--arch', 'bit-parallel', '--baseline', 'swis-c'],
      ...['--bits', '2', '--group', '4'],
    );
    expect(json.quantization?.spec).toMatchObject({ variant: 'swis-c', bits: 2, groupSize: 4 });
    expect(json.speedupVsBaseline).toBeGreaterThan(0);
  });
});

describe('swis simulate, errors', () => {
  it('names the flag on bad usage (exit 2)', async () => {
    const model = ['--model', 'mobilenet_v2'];
    for (const [args, flag] of [
      [[...model], '--arch'],
      [[...model, '--arch', 'tpu'], '--arch'],
      [[...model, '--arch', 'stripes', '--baseline', 'eyeriss'], '--baseline'],
      [[...model, '--arch', 'swis', '--bits', '3', '--schedule', 'random'], '--schedule'],
      [[...model, '--arch', 'swis', '--bits', '3', '--depthwise', 'per-row'], '--depthwise'],
      [[...model, '--arch', 'swis', '--bits', '3', '--energy', 'horowitz-7nm'], '--energy'],
      [[...model, '--arch', 'swis', '--bits', '3', '--dataflow', 'xs'], '--dataflow'],
      [[...model, '--arch', 'swis', '--bits', '3', '--rows', '0'], '--rows'],
      [[...model, '--arch', 'swis'], '--bits'],
      [[...model, '--arch', 'swis', '--bits', '3', '--budget', '3'], '--budget'],
      [[...model, '--arch', 'stripes', '--group', 'x'], '--group'],
      [['--gemm', '4,4,4', '--baseline', 'stripes'], '--baseline'],
      [['--arch', 'swis'], '--model'],
      [[...model, '--arch', 'swis', '--bits', '3', '--frobnicate'], '--frobnicate'],
    ] as const) {
      const run = await swis('simulate', ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(flag);
    }
  });

  it('exits 1 on bad input: an unknown model, an infeasible budget, weights the architecture cannot run', async () => {
    for (const [args, message] of [
      [['--model', 'resnet9000', '--arch', 'stripes'], 'resnet9000'],
      [['--model', 'mobilenet_v2', '--arch', 'swis', '--budget', '1'], 'mobilenet_v2'],
      [['--model', 'mobilenet_v2', '--arch', 'swis-c', '--variant', 'swis', '--bits', '2'], 'swis-c'],
    ] as const) {
      const run = await swis('simulate', ...args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.errors, args.join(' ')).toHaveLength(1);
      expect(run.stderr).toContain(message);
    }
  });
});
