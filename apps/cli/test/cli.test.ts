import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNpy } from '../../../packages/models/test/helpers/make-npy.js';
import { swis } from './helpers/run-cli.js';

/** The --json report fields these tests read. */
type Totals = 'weights' | 'sse' | 'mse' | 'sqnrDb' | 'bitsPerWeight' | 'scaleBitsPerWeight' | 'timeMs';
interface Report extends Record<Totals, number> {
  spec: Record<string, unknown>;
  bitsHistogram: Record<string, number>;
  layers: { name: string; weights: number; filters: number; sse: number; bitsPerWeight: number }[];
}

async function report(...argv: string[]): Promise<Report> {
  const run = await swis('quantize', ...argv, '--json');
  expect(run).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(run.stdout) as Report;
}

const MOBILENET_V2_WEIGHTS = 2550848;
const FILTERS = 8;
const WEIGHTS = FILTERS * 4 * 3 * 3;
const VALUES = Array.from({ length: WEIGHTS }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)) * 0.05);

let dir: string;
let npy: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'swis-cli-'));
  npy = join(dir, 'conv.npy');
  await writeFile(npy, makeNpy({ shape: [FILTERS, 4, 3, 3], values: VALUES }));
  const six = [1, 2, 3, 4, 5, 6];
  await writeFile(join(dir, 'short.npy'), makeNpy({ shape: [2, 3], values: six }).slice(0, -4));
  await writeFile(join(dir, 'nan.npy'), makeNpy({ shape: [2, 3], values: six.with(2, Number.NaN) }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('swis quantize --model mobilenet_v2', () => {
  let json: Report;
  beforeAll(async () => {
    json = await report('--model', 'mobilenet_v2', '--variant', 'swis', '--bits', '3', '--group', '16');
  });

  it('prints one JSON object with the totals and the spec it ran', () => {
    expect(json.weights).toBe(MOBILENET_V2_WEIGHTS);
    for (const key of ['sse', 'mse', 'sqnrDb', 'bitsPerWeight', 'timeMs'] as const) {
      expect(Number.isFinite(json[key]), key).toBe(true);
    }
    expect(json.sse).toBeGreaterThan(0);
    expect(json.mse).toBeCloseTo(json.sse / json.weights, 12);
    expect(json.spec).toMatchObject({ variant: 'swis', bits: 3, groupSize: 16, baseBits: 8 });
  });

  it('reports every layer, and the layers add up to the totals', () => {
    expect(json.layers.length).toBeGreaterThan(50);
    for (const layer of json.layers) {
      expect(typeof layer.name).toBe('string');
      expect(Number.isFinite(layer.sse) && Number.isFinite(layer.bitsPerWeight), layer.name).toBe(true);
    }
    expect(json.layers.reduce((n, l) => n + l.weights, 0)).toBe(MOBILENET_V2_WEIGHTS);
    expect(json.layers.reduce((n, l) => n + l.sse, 0)).toBeCloseTo(json.sse, 6);
    const bits = json.layers.reduce((n, l) => n + l.bitsPerWeight * l.weights, 0);
    expect(bits / json.weights).toBeCloseTo(json.bitsPerWeight, 9);
    expect(json.bitsHistogram).toEqual({ 3: json.layers.reduce((n, l) => n + l.filters, 0) });
  });

  it('prints a table with SQNR and every layer name without --json', async () => {
    const run = await swis('quantize', '--model', 'mobilenet_v2', '--variant', 'swis', '--bits', '3');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('SQNR');
    expect(() => JSON.parse(run.stdout)).toThrow();
    const names = run.stdout.split('\n').map((line) => line.split(/\s+/)[0]);
    for (const layer of json.layers) expect(names).toContain(layer.name);
  });

  it('meets --budget 2.5 with more than one N across filters', async () => {
    const budget = await report('--model', 'mobilenet_v2', '--budget', '2.5');
    expect(budget.weights).toBe(MOBILENET_V2_WEIGHTS);
    expect(budget.bitsPerWeight).toBeLessThanOrEqual(2.5);
    expect(budget.bitsPerWeight).toBeGreaterThan(2.4);
    expect(Object.keys(budget.bitsHistogram).length).toBeGreaterThan(1);
    const filters = Object.values(budget.bitsHistogram).reduce((a, b) => a + b, 0);
    expect(filters).toBe(json.layers.reduce((n, l) => n + l.filters, 0));
  });
});

describe('swis quantize --weights FILE.npy', () => {
  const VARIANTS = ['swis', 'swis-c', 'truncation', 'uniform', 'block-fp'] as const;
  const byVariant = new Map<string, Report>();
  const n3 = (...flags: string[]) => report('--weights', npy, '--bits', '3', ...flags);
  beforeAll(async () => {
    for (const v of VARIANTS) byVariant.set(v, await n3('--variant', v));
  });

  it.each(VARIANTS)('runs --variant %s', (variant) => {
    const r = byVariant.get(variant)!;
    expect(r.spec).toMatchObject({ variant, bits: 3, scale: 'per-filter', scaleMethod: 'max' });
    expect(r.weights).toBe(WEIGHTS);
    expect(r.layers.map((l) => l.name)).toEqual(['conv']);
    expect(r.sse).toBeGreaterThan(0);
    expect(r.bitsPerWeight).toBeGreaterThan(3);
  });

  it('orders the variants as their search spaces do: swis <= swis-c <= truncation', () => {
    const sse = (v: string) => byVariant.get(v)!.sse;
    expect(sse('swis')).toBeLessThanOrEqual(sse('swis-c'));
    expect(sse('swis-c')).toBeLessThanOrEqual(sse('truncation'));
    expect(new Set(VARIANTS.map(sse)).size).toBe(VARIANTS.length);
  });

  it('--scale per-tensor stores one 32-bit scale for the tensor instead of one per filter', async () => {
    const perTensor = await n3('--scale', 'per-tensor');
    expect(perTensor.spec.scale).toBe('per-tensor');
    expect(perTensor.scaleBitsPerWeight).toBeCloseTo(32 / WEIGHTS, 12);
    expect(byVariant.get('swis')!.scaleBitsPerWeight).toBeCloseTo((32 * FILTERS) / WEIGHTS, 12);
  });

  it('--scale-method search never does worse than max scales', async () => {
    for (const variant of ['swis', 'truncation', 'uniform']) {
      const search = await n3('--variant', variant, '--scale-method', 'search');
      expect(search.spec.scaleMethod).toBe('search');
      expect(search.sse, variant).toBeLessThanOrEqual(byVariant.get(variant)!.sse * (1 + 1e-9));
    }
  });
});

describe('usage errors: exit 2, name the flag, print the usage', () => {
  it.each([
    [['--bits', '9'], '--bits'],
    [['--bits', '3', '--group', 'x'], "--group: expected a number, got 'x'"],
    [['--bits', '2', '--budget', '3'], 'give exactly one of --bits and --budget'],
    [['--budget', '3', '--bits', '2'], 'give exactly one of --bits and --budget'],
    [[], 'give exactly one of --bits and --budget'],
    [['--bits', '2', '--frobnicate'], '--frobnicate'],
    [['--bits', '2', '--variant', 'nope'], '--variant'],
  ])('quantize --weights FILE %j', async (flags, message) => {
    const run = await swis('quantize', '--weights', npy, ...flags);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^swis quantize: .*\n\nUsage: swis quantize/);
    expect(run.stderr.split('\n')[0]).toContain(message);
  });

  it.each([
    [['--bits', '2']],
    [['--bits', '2', '--model', 'mobilenet_v2', '--weights', 'x.npy']],
    [['--bits', '2', '--model-file', 'a.onnx', '--weights', 'x.npy']],
  ])('quantize %j needs exactly one model', async (flags) => {
    const run = await swis('quantize', ...flags);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('give exactly one of --model, --model-file and --weights');
    expect(run.stderr).toContain('Usage: swis quantize');
  });
});

describe('bad input: exit 1 with one line naming the file or model', () => {
  it.each([
    ['a missing .npy', 'missing.npy', ['--bits', '2'], /: does not exist$/],
    ['a missing file without .npy', 'missing.bin', ['--bits', '2'], /: does not exist$/],
    ['a directory', '.', ['--bits', '2'], /: is not a regular file$/],
    ['a truncated npy', 'short.npy', ['--bits', '2'], /has 20 data bytes but .* needs 24$/],
    ['NaN weights', 'nan.npy', ['--bits', '2'], /value NaN at index 2 is not finite$/],
    ['an infeasible budget', 'conv.npy', ['--budget', '1.2'], /budget of 1\.2 .* below the cheapest/],
  ])('%s', async (_, name, flags, detail) => {
    const file = join(dir, name);
    const run = await swis('quantize', '--weights', file, ...flags);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.errors).toHaveLength(1);
    expect(run.stderr).not.toContain('\n');
    expect(run.stderr.startsWith(`swis quantize: ${file}`)).toBe(true);
    expect(run.stderr).toMatch(detail);
    expect(run.stderr).not.toMatch(/internal error|Usage/);
  });

  it('an unknown built-in id, listing the known ones', async () => {
    const run = await swis('quantize', '--model', 'resnet9000', '--bits', '2');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'swis quantize: resnet9000: unknown built-in model; known ids: mobilenet_v2, mobilenet_v2_140, mobilenet_v1, fashion-mobilenet',
    );
  });
});

describe('swis models, help and unknown commands', () => {
  const IDS = ['mobilenet_v2', 'mobilenet_v2_140', 'mobilenet_v1', 'fashion-mobilenet'];

  it('swis models lists every built-in model in a table', async () => {
    const run = await swis('models');
    expect(run.code).toBe(0);
    for (const id of IDS) expect(run.stdout).toMatch(new RegExp(`^${id}\\s+\\d+\\s+\\S`, 'm'));
    expect(run.stdout).toMatch(/^fashion-mobilenet\s+\d+\s+fashion-mnist-test\s/m);
  });

  it('swis models --json prints the catalogue as JSON', async () => {
    const run = await swis('models', '--json');
    expect(run.code).toBe(0);
    const models = JSON.parse(run.stdout) as { id: string; parameters: number; description: string }[];
    expect(models.map((m) => m.id)).toEqual(IDS);
    expect(models.find((m) => m.id === 'mobilenet_v2')!.parameters).toBe(MOBILENET_V2_WEIGHTS);
    for (const m of models) expect(m.description.length).toBeGreaterThan(0);
    expect(models.find((m) => m.id === 'fashion-mobilenet')).toMatchObject({
      evaluationSet: 'fashion-mnist-test',
    });
  });

  it('swis --help lists the commands and exits 0', async () => {
    const run = await swis('--help');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Usage: swis COMMAND/);
    expect(run.stdout).toMatch(/^ {2}quantize /m);
    expect(run.stdout).toMatch(/^ {2}models /m);
  });

  it('swis quantize --help prints every option and exits 0 without running', async () => {
    const run = await swis('quantize', '--help');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    for (const flag of [
      '--model',
      '--model-file',
      '--weights',
      '--variant',
      '--bits',
      '--budget',
      '--group',
      '--save',
    ]) {
      expect(run.stdout).toContain(flag);
    }
  });

  it('an unknown command or no command exits 2 with the usage on stderr', async () => {
    const unknown = await swis('frobnicate');
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^swis: unknown command 'frobnicate'\n/);
    expect(unknown.stderr).toContain('Usage: swis COMMAND');
    const none = await swis();
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toMatch(/^Usage: swis COMMAND/);
  });
});
