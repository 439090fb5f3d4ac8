import { mulberry32 } from '@swis-dse/swis-core';
import { describe, expect, it } from 'vitest';
import {
  FASHION_MOBILENET,
  initialState,
  Model,
  type ModelState,
  type NormMode,
  softmaxCrossEntropy,
} from '../src/index.js';
import { referenceLossAndGrads } from './support/tfjs-reference.js';

const BATCH = 6;
const LABELS = [0, 3, 9, 3, 7, 1];

function randomInput(model: Model, seed: number): Float32Array {
  const random = mulberry32(seed);
  const x = model.input(BATCH);
  for (let i = 0; i < x.length; i++) x[i] = random() * 3 - 1;
  return x.slice();
}

/** A state whose batch-norm and bias values are not at their initial identity, so every term matters. */
function perturbedState(model: Model, seed: number): ModelState {
  const random = mulberry32(seed + 1);
  const state = initialState(model, seed);
  for (const [name, tensor] of Object.entries(state)) {
    if (name.endsWith('.weight')) continue;
    const positive = name.endsWith('.gamma') || name.endsWith('.runningVar');
    for (let i = 0; i < tensor.length; i++) tensor[i] = positive ? 0.5 + random() : (random() - 0.5) * 0.2;
  }
  return state;
}

/**
 * Largest |a - b| relative to the largest |b| (the scale of the reference), floored at 1e-4: some true
 * gradients vanish (a projection's beta before the next batch norm cancels) and are float32 noise on both sides.
 */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 1e-4;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

describe.each<NormMode>(['batch-norm', 'bias'])('fashion-mobilenet (%s) against TensorFlow.js', (mode) => {
  it.each([true, false])(
    'computes the same loss, logits and parameter gradients (training %s)',
    (training) => {
      const model = Model.create(FASHION_MOBILENET, mode, BATCH);
      const state = perturbedState(model, 7);
      model.load(state);
      const input = randomInput(model, 11);
      const trainable = model.parameters().map((p) => p.name);
      const reference = referenceLossAndGrads(
        FASHION_MOBILENET,
        mode,
        state,
        trainable,
        input,
        LABELS,
        training,
      );

      model.zeroGrad();
      const logits = model.forward(BATCH, training);
      expect(relativeError(logits, reference.logits)).toBeLessThan(1e-4);
      const dLogits = new Float32Array(logits.length);
      const { loss } = softmaxCrossEntropy(logits, LABELS, BATCH, FASHION_MOBILENET.classes, dLogits);
      expect(loss).toBeCloseTo(reference.loss, 4);
      if (!training && mode === 'batch-norm') return; // tf.moments is not used; gradients of inference BN are not trained
      model.backward(dLogits);
      for (const p of model.parameters()) {
        expect({ name: p.name, error: relativeError(p.grad, reference.grads[p.name]!) < 2e-3 }).toEqual({
          name: p.name,
          error: true,
        });
      }
    },
  );
});
