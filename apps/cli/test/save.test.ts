import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelFile, readSafetensors } from '@swis-dse/models';
import { type QuantSpec, quantizeNetwork } from '@swis-dse/swis-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSafetensorsHeader } from '../../../packages/models/src/formats/safetensors-header.js';
import { makeNpy } from '../../../packages/models/test/helpers/make-npy.js';
import { makeOnnx } from '../../../packages/models/test/helpers/make-onnx.js';
import { SMALL_CNN } from '../../../packages/models/test/helpers/small-cnn.js';
import { swis } from './helpers/run-cli.js';

/** The bits of each float, so that equality is bit for bit. */
const bits = (values: Float32Array) => new Uint32Array(values.buffer, values.byteOffset, values.length);

let dir: string;
let npy: string;
let onnx: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'swis-save-'));
  npy = join(dir, 'conv.npy');
  const values = Array.from({ length: 8 * 4 * 3 * 3 }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)) * 0.05);
  await writeFile(npy, makeNpy({ shape: [8, 4, 3, 3], values }));
  onnx = join(dir, 'small.onnx');
  await writeFile(onnx, makeOnnx(SMALL_CNN));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Runs `swis quantize --model-file MODEL ...flags --save OUT` with OUT = dir/name, reads OUT back and checks
 * it against quantizing MODEL in-process with the spec OUT records: the same layers in order, each equal to
 * the reconstruction bit for bit. Returns the run, OUT, the spec, the metadata and the stored shapes.
 */
async function saveAndCompare(model: string, name: string, flags: readonly string[]) {
  const out = join(dir, name);
  const run = await swis('quantize', '--model-file', model, ...flags, '--save', out);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const bytes = new Uint8Array(await readFile(out));
  const { entries, metadata } = parseSafetensorsHeader(bytes, out);
  const spec = JSON.parse(metadata.get('spec')!) as QuantSpec;
  const network = await loadModelFile(model);
  const expected = quantizeNetwork(network, spec);
  const saved = readSafetensors(bytes, out);
  expect(saved.layers.map((l) => [l.name, l.shape])).toEqual(network.layers.map((l) => [l.name, l.shape]));
  saved.layers.forEach((layer, i) => {
    expect(bits(layer.weights), layer.name).toEqual(bits(expected.layers[i]!.weights));
  });
  expect(entries.every((e) => e.dtype === 'F32')).toBe(true);
  return { run, out, spec, metadata, shapes: entries.map((e) => [e.name, e.shape]) };
}

describe('swis quantize --save FILE.safetensors', () => {
  const BITS_3 = ['--bits', '3', '--variant', 'swis-c'];
  const BUDGET = ['--budget', '3.5', '--group', '8'];

  it('writes a single .npy conv layer as [K, C, R, S] with the spec and model in __metadata__', async () => {
    const { run, out, spec, metadata, shapes } = await saveAndCompare(npy, 'conv.safetensors', BITS_3);
    expect(spec).toMatchObject({ variant: 'swis-c', bits: 3, groupSize: 16, scale: 'per-filter' });
    expect(shapes).toEqual([['conv', [8, 4, 3, 3]]]);
    expect(metadata.get('model')).toBe('conv');
    expect(metadata.get('source')).toBe('npy file conv.npy');
    expect(run.stdout.split('\n').at(-1)).toBe(`quantized weights saved to ${out}`);
  });

  it('writes every layer of an ONNX model, depthwise and dense included, quantized to a budget', async () => {
    const { spec, metadata, shapes } = await saveAndCompare(onnx, 'small.safetensors', BUDGET);
    expect(spec).toMatchObject({ variant: 'swis', budget: 3.5, groupSize: 8 });
    expect(shapes).toEqual([
      ['conv1.weight', [8, 3, 3, 3]],
      ['dw.weight', [8, 1, 3, 3]],
      ['pw.weight', [16, 8, 1, 1]],
      ['fc.weight', [10, 16]],
    ]);
    expect(metadata.get('model')).toBe('small');
  });

  it('keeps stdout pure JSON with --json', async () => {
    const out = join(dir, 'json.safetensors');
    const run = await swis('quantize', '--weights', npy, '--bits', '2', '--json', '--save', out);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ weights: 288 });
    expect(readSafetensors(new Uint8Array(await readFile(out)), out).layers).toHaveLength(1);
  });
});

describe('swis quantize --save: failures', () => {
  it.each([
    [
      'a missing directory',
      () => join(dir, 'no-such-dir', 'q.safetensors'),
      /: cannot be written \(its directory does not exist\)$/,
    ],
    ['a directory', () => dir, /: cannot be written \(EISDIR\)$/],
  ])('%s: exit 1 with one line naming the path', async (_, path, detail) => {
    const run = await swis('quantize', '--weights', npy, '--bits', '2', '--save', path());
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.errors).toHaveLength(1);
    expect(run.stderr.startsWith(`swis quantize: ${path()}: `)).toBe(true);
    expect(run.stderr).toMatch(detail);
  });

  it('layers that share a weight tensor, and so a name: exit 1 naming the path and the tensor', async () => {
    const shared = join(dir, 'shared.onnx');
    const weight = { name: 'w', dims: [2, 2, 3, 3], values: Array.from({ length: 36 }, (_, i) => i) };
    await writeFile(
      shared,
      makeOnnx({
        inputs: [{ name: 'x', dims: [1, 2, 8, 8] }],
        initializers: [weight],
        nodes: [
          { op: 'Conv', inputs: ['x', 'w'], outputs: ['y'] },
          { op: 'Conv', inputs: ['y', 'w'], outputs: ['z'] },
        ],
      }),
    );
    const out = join(dir, 'shared.safetensors');
    const run = await swis('quantize', '--model-file', shared, '--bits', '2', '--save', out);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe(`swis quantize: ${out}: cannot save: tensor name 'w' appears twice`);
  });

  it('an empty --save is a usage error', async () => {
    const run = await swis('quantize', '--weights', npy, '--bits', '2', '--save=');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^swis quantize: --save: expected a file name\n\nUsage: swis quantize/);
  });
});
