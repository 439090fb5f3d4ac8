import { mulberry32 } from '@swis-dse/swis-core';
import { describe, expect, it } from 'vitest';
import {
  Adam,
  evaluate,
  FASHION_MOBILENET,
  foldBatchNorm,
  type ImageSet,
  initialState,
  Model,
  type ModelState,
  softmaxCrossEntropy,
  train,
  writeBatch,
} from '../src/index.js';

/** A learnable synthetic set: class 1 images are bright on the left half, class 0 on the right. */
function halves(count: number, seed: number): ImageSet {
  const random = mulberry32(seed);
  const pixels = new Uint8Array(count * 28 * 28);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) {
        const lit = labels[i] === 1 ? x < 14 : x >= 14;
        pixels[i * 784 + y * 28 + x] = Math.floor((lit ? 150 : 0) + random() * 100);
      }
  }
  return { count, height: 28, width: 28, pixels, labels };
}

function trained(seed: number, project?: (w: ModelState) => ModelState): Model {
  const model = Model.create(FASHION_MOBILENET, 'batch-norm', 16);
  model.load(initialState(model, 3));
  train(model, halves(64, 5), {
    epochs: 2,
    learningRate: 3e-3,
    weightDecay: 0.01,
    seed,
    flip: false,
    ...(project === undefined ? {} : { projectWeights: project }),
  });
  return model;
}

describe('training', () => {
  it('is deterministic for a seed, and the seed matters', () => {
    const a = trained(1).state();
    const b = trained(1).state();
    const c = trained(2).state();
    for (const name of Object.keys(a)) expect(b[name]).toEqual(a[name]);
    expect(c['head.weight']).not.toEqual(a['head.weight']);
  });

  it('learns a separable problem, and the folded model computes what batch norm in inference does', () => {
    const model = Model.create(FASHION_MOBILENET, 'batch-norm', 16);
    model.load(initialState(model, 3));
    const logs = train(model, halves(256, 5), {
      epochs: 3,
      learningRate: 3e-3,
      weightDecay: 0,
      seed: 1,
      flip: false,
    });
    expect(logs.map((l) => l.epoch)).toEqual([1, 2, 3]);
    expect(logs[2]!.loss).toBeLessThan(logs[0]!.loss);
    const test = halves(64, 99);
    expect(evaluate(model, test).accuracy).toBeGreaterThan(0.95);

    const folded = Model.create(FASHION_MOBILENET, 'bias', 16);
    folded.load(foldBatchNorm(model.state()));
    writeBatch(FASHION_MOBILENET, test, [0, 1, 2, 3], model.input(4));
    writeBatch(FASHION_MOBILENET, test, [0, 1, 2, 3], folded.input(4));
    const expected = model.forward(4, false).slice();
    const actual = folded.forward(4, false);
    for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 3);
  });

  it('with a straight-through projection, ends on projected weights that moved', () => {
    const step = 1 / 64;
    const project = (weights: ModelState): ModelState =>
      Object.fromEntries(
        Object.entries(weights).map(([k, v]) => [k, v.map((w) => Math.round(w / step) * step)]),
      );
    const initial = project(
      Object.fromEntries(
        Object.entries(initialState(Model.create(FASHION_MOBILENET, 'batch-norm', 1), 3)).filter(([k]) =>
          k.endsWith('.weight'),
        ),
      ),
    );
    const state = trained(1, project).state();
    let moved = 0;
    for (const [name, start] of Object.entries(initial)) {
      const final = state[name]!;
      for (let i = 0; i < final.length; i++) {
        expect(Math.abs(final[i]! / step - Math.round(final[i]! / step))).toBeLessThan(1e-3);
        if (final[i] !== start[i]) moved++;
      }
    }
    expect(moved).toBeGreaterThan(100);
  });

  it('rejects a batch larger than the capacity, a state of another shape and an empty epoch', () => {
    const model = Model.create(FASHION_MOBILENET, 'bias', 4);
    expect(() => model.forward(5, false)).toThrow(/does not fit capacity 4/);
    const state = initialState(model, 1);
    expect(() => model.load({ ...state, extra: new Float32Array(1) })).toThrow(/extra \[extra\]/);
    expect(() => model.load({ ...state, 'head.bias': new Float32Array(3) })).toThrow(
      /head.bias has 3 values/,
    );
    expect(() =>
      train(model, halves(3, 1), { epochs: 1, learningRate: 1, weightDecay: 0, seed: 1, flip: false }),
    ).toThrow(/do not fill one batch of 4/);
  });
});

describe('writeBatch', () => {
  it('normalizes pixels as the architecture says and mirrors flipped images', () => {
    const set: ImageSet = {
      count: 1,
      height: 28,
      width: 28,
      pixels: Uint8Array.from({ length: 784 }, (_, i) => i % 28),
      labels: new Uint8Array(1),
    };
    const plain = new Float32Array(784);
    const mirrored = new Float32Array(784);
    writeBatch(FASHION_MOBILENET, set, [0], plain);
    writeBatch(FASHION_MOBILENET, set, [0], mirrored, [true]);
    const { mean, std } = FASHION_MOBILENET.input;
    expect(plain[5]).toBeCloseTo((5 / 255 - mean) / std, 6);
    expect(mirrored[5]).toBeCloseTo(plain[22]!, 6);
    expect(() => writeBatch(FASHION_MOBILENET, { ...set, height: 27 }, [0], plain)).toThrow(
      /takes 28 x 28 x 1/,
    );
  });
});

describe('softmaxCrossEntropy and Adam', () => {
  it('computes the loss, hits and gradient of a hand example', () => {
    const logits = Float32Array.from([0, Math.log(3), 2, 1]);
    const grad = new Float32Array(4);
    const { loss, correct } = softmaxCrossEntropy(logits, [1, 1], 2, 2, grad);
    // Row 1: p = (1/4, 3/4), label 1: -log 3/4. Row 2: p1 = 1 / (1 + e), label 1: -log p1.
    const p1 = 1 / (1 + Math.E);
    expect(loss).toBeCloseTo((-Math.log(0.75) - Math.log(p1)) / 2, 6);
    expect(correct).toBe(1);
    expect([...grad].map((g) => Number(g.toFixed(6)))).toEqual(
      [0.25 / 2, -0.25 / 2, (1 - p1) / 2, (p1 - 1) / 2].map((g) => Number(g.toFixed(6))),
    );
  });

  it('takes the bias-corrected first step of size lr, with decoupled decay', () => {
    const value = Float32Array.from([1, -2]);
    const grad = Float32Array.from([0.5, -4]);
    new Adam({ weightDecay: 0.1 }).step([{ value, grad, decay: true }], 0.01);
    // First step: m/(1-b1) = g, v/(1-b2) = g^2, so the update is sign(g) * lr; decay subtracts lr * wd * w.
    expect(value[0]).toBeCloseTo(1 - 0.01 - 0.001, 6);
    expect(value[1]).toBeCloseTo(-2 + 0.01 + 0.002, 6);
  });
});
