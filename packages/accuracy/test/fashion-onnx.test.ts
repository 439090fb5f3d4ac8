import {
  FASHION_MOBILENET,
  foldBatchNorm,
  initialState,
  Model,
  type ModelState,
  toNetwork,
} from '@swis-dse/nn';
import { type Layer, mulberry32, quantizeNetwork } from '@swis-dse/swis-core';
import { describe, expect, it } from 'vitest';
import { fashionOnnx, OnnxSession, quantizerProjection } from '../src/index.js';

const BATCH = 8;

/** A folded state with non-trivial batch-norm statistics, as training would leave. */
function foldedState(seed: number): ModelState {
  const model = Model.create(FASHION_MOBILENET, 'batch-norm', 1);
  const random = mulberry32(seed);
  const state = initialState(model, seed);
  for (const [name, tensor] of Object.entries(state)) {
    if (name.endsWith('.weight')) continue;
    const positive = name.endsWith('.gamma') || name.endsWith('.runningVar');
    for (let i = 0; i < tensor.length; i++) tensor[i] = positive ? 0.5 + random() : (random() - 0.5) * 0.4;
  }
  return foldBatchNorm(state);
}

function randomImages(seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: BATCH * 28 * 28 }, () => random() * 3 - 1);
}

/** The nn package's own forward pass (the reference ONNX Runtime is checked against). */
function jsLogits(state: ModelState, images: Float32Array): Float32Array {
  const model = Model.create(FASHION_MOBILENET, 'bias', BATCH);
  model.load(state);
  model.input(BATCH).set(images);
  return model.forward(BATCH, false).slice();
}

async function onnxLogits(
  state: ModelState,
  images: Float32Array,
  layers: readonly Pick<Layer, 'name' | 'weights'>[] = toNetwork(FASHION_MOBILENET, state, 'test').layers,
) {
  const session = await OnnxSession.create(fashionOnnx(FASHION_MOBILENET, state, layers));
  try {
    return await session.run(images, [BATCH, 1, 28, 28]);
  } finally {
    await session.release();
  }
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((d, v, i) => Math.max(d, Math.abs(v - b[i]!)), 0);
}

describe('fashion-mobilenet exported to ONNX', () => {
  it('computes the same logits in ONNX Runtime as the nn forward pass', async () => {
    const state = foldedState(4);
    const images = randomImages(9);
    const reference = jsLogits(state, images);
    expect(maxDiff(await onnxLogits(state, images), reference)).toBeLessThan(
      1e-3 * Math.max(...reference.map(Math.abs)),
    );
  });

  it('runs substituted (quantized) weights exactly as the nn model loaded with them does', async () => {
    const state = foldedState(5);
    const images = randomImages(10);
    const network = toNetwork(FASHION_MOBILENET, state, 'test');
    const quantized = quantizeNetwork(network, { variant: 'swis', bits: 2, groupSize: 16 });
    const projected = quantizerProjection({ variant: 'swis', bits: 2, groupSize: 16 })(state);
    const reference = jsLogits(projected, images);
    const logits = await onnxLogits(state, images, quantized.layers);
    expect(maxDiff(logits, reference)).toBeLessThan(1e-3 * Math.max(...reference.map(Math.abs)));
    expect(maxDiff(logits, jsLogits(state, images))).toBeGreaterThan(1e-3);
  });

  it('names a layer whose weights are missing, and a state that is not folded', () => {
    const state = foldedState(6);
    const layers = toNetwork(FASHION_MOBILENET, state, 'test').layers;
    expect(() => fashionOnnx(FASHION_MOBILENET, state, layers.slice(1))).toThrow(/no weights for layer stem/);
    const short = layers.map((l) => (l.name === 'head' ? { ...l, weights: l.weights.subarray(1) } : l));
    expect(() => fashionOnnx(FASHION_MOBILENET, state, short)).toThrow(
      /layer head has 12287 weights, \[256,48,1,1\] needs 12288/,
    );
    const { 'head.bias': _, ...unfolded } = state;
    expect(() => fashionOnnx(FASHION_MOBILENET, unfolded, layers)).toThrow(
      /no head.bias \(is batch norm folded\?\)/,
    );
  });
});

/** The values as plain numbers, -0 counted as 0. */
function values(a: Float32Array): number[] {
  return Array.from(a, (v) => v + 0);
}

describe('quantizerProjection (the straight-through estimator projection)', () => {
  it.each(['swis', 'swis-c', 'truncation', 'uniform', 'block-fp'] as const)(
    '%s: returns the quantizer reconstruction, at most 2^N magnitudes in every group of G',
    (variant) => {
      const state = foldedState(7);
      const spec = { variant, bits: 2, groupSize: 8 };
      const weights = Object.fromEntries(Object.entries(state).filter(([k]) => k.endsWith('.weight')));
      const projected = toNetwork(FASHION_MOBILENET, quantizerProjection(spec)(weights), 'test');
      const direct = quantizeNetwork(toNetwork(FASHION_MOBILENET, weights, 'test'), spec);
      projected.layers.forEach((layer, i) => {
        expect(values(layer.weights)).toEqual(values(direct.layers[i]!.weights));
        const length = layer.weights.length / layer.shape[0];
        for (let start = 0; start < layer.weights.length; start += length) {
          const filter = layer.weights.subarray(start, start + length);
          for (let g = 0; g < length; g += spec.groupSize) {
            const magnitudes = new Set(Array.from(filter.subarray(g, g + spec.groupSize), Math.abs));
            expect(magnitudes.size).toBeLessThanOrEqual(2 ** spec.bits);
          }
        }
      });
      expect(values(projected.layers[0]!.weights)).not.toEqual(
        values(toNetwork(FASHION_MOBILENET, weights, 'test').layers[0]!.weights),
      );
    },
  );
});
