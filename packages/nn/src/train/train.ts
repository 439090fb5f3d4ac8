import { mulberry32 } from '@swis-dse/swis-core';
import { softmaxCrossEntropy } from '../layers/softmax-cross-entropy.js';
import type { Model, ModelState } from '../model/model.js';
import { Adam, cosineLearningRate, type Trainable } from './adam.js';
import { type Evaluation, evaluate } from './evaluate.js';
import { type ImageSet, writeBatch } from './images.js';

export interface TrainOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly weightDecay: number;
  /** Seeds the shuffling and the flips; the same seed, data and initial state give the same weights. */
  readonly seed: number;
  /** Mirror each training image horizontally with probability 1/2. */
  readonly flip: boolean;
  /** Held-out images evaluated after every epoch (for the log only; nothing is selected on them). */
  readonly validation?: ImageSet;
  /**
   * Straight-through estimation: maps the float ("shadow") weights to the weights the forward pass uses
   * (e.g. their projection onto a quantizer's representable set). Gradients computed at the projected
   * weights update the shadow weights; the model ends with the projection of the final shadow weights.
   */
  readonly projectWeights?: (weights: ModelState) => ModelState;
  readonly onEpoch?: (log: EpochLog) => void;
  /** Checked between batches; aborting throws the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface EpochLog {
  readonly epoch: number;
  readonly learningRate: number;
  readonly loss: number;
  readonly trainAccuracy: number;
  readonly validation?: Evaluation;
  readonly seconds: number;
}

/**
 * Trains a model in place with Adam (decoupled weight decay) and a cosine learning-rate schedule, in
 * shuffled batches of the model's capacity (the last partial batch of each epoch is dropped).
 */
export function train(model: Model, set: ImageSet, options: TrainOptions): EpochLog[] {
  const batch = model.capacity;
  const stepsPerEpoch = Math.floor(set.count / batch);
  if (stepsPerEpoch === 0) throw new RangeError(`${set.count} images do not fill one batch of ${batch}`);
  const random = mulberry32(options.seed);
  const optimizer = new Adam({ weightDecay: options.weightDecay });
  const shadow = options.projectWeights === undefined ? undefined : weightCopies(model);
  const trainables: Trainable[] = model
    .parameters()
    .map((p) => (shadow?.[p.name] === undefined ? p : { ...p, value: shadow[p.name]! }));
  const order = Int32Array.from({ length: set.count }, (_, i) => i);
  const flips: boolean[] = new Array(batch).fill(false);
  const grad = new Float32Array(batch * model.arch.classes);
  const logs: EpochLog[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const started = performance.now();
    shuffle(order, random);
    let loss = 0;
    let correct = 0;
    let learningRate = 0;
    for (let step = 0; step < stepsPerEpoch; step++) {
      options.signal?.throwIfAborted();
      const indices = order.subarray(step * batch, (step + 1) * batch);
      for (let i = 0; i < batch; i++) flips[i] = options.flip && random() < 0.5;
      writeBatch(model.arch, set, indices, model.input(batch), flips);
      if (shadow !== undefined) loadWeights(model, options.projectWeights!(shadow));
      model.zeroGrad();
      const logits = model.forward(batch, true);
      const labels = Array.from(indices, (i) => set.labels[i]!);
      const result = softmaxCrossEntropy(logits, labels, batch, model.arch.classes, grad);
      model.backward(grad);
      learningRate = cosineLearningRate(
        options.learningRate,
        epoch * stepsPerEpoch + step,
        options.epochs * stepsPerEpoch,
      );
      optimizer.step(trainables, learningRate);
      loss += result.loss;
      correct += result.correct;
    }
    if (shadow !== undefined) loadWeights(model, options.projectWeights!(shadow));
    const log: EpochLog = {
      epoch: epoch + 1,
      learningRate,
      loss: loss / stepsPerEpoch,
      trainAccuracy: correct / (stepsPerEpoch * batch),
      ...(options.validation === undefined ? {} : { validation: evaluate(model, options.validation) }),
      seconds: (performance.now() - started) / 1000,
    };
    logs.push(log);
    options.onEpoch?.(log);
  }
  return logs;
}

function weightCopies(model: Model): ModelState {
  const copies: ModelState = {};
  for (const p of model.parameters()) if (p.name.endsWith('.weight')) copies[p.name] = p.value.slice();
  return copies;
}

function loadWeights(model: Model, weights: ModelState): void {
  const own = model.state();
  for (const [name, value] of Object.entries(weights)) own[name]!.set(value);
}

function shuffle(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}
