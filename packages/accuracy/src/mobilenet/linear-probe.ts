/**
 * A linear probe: multinomial logistic regression on frozen backbone features, trained on the float
 * model's features and then evaluated on features a (quantized) backbone computes for other images.
 */
import { mulberry32 } from '@swis-dse/swis-core';

export interface ProbeOptions {
  /** Passes over the training set (default 20). */
  readonly epochs?: number;
  /** Mini-batch size (default 64). */
  readonly batchSize?: number;
  /** Initial step size, decayed linearly to 0 over the epochs (default 0.02). */
  readonly learningRate?: number;
  /** L2 penalty on the weights (default 0.01). */
  readonly l2?: number;
  /** Seed of the mini-batch order (default 1). */
  readonly seed?: number;
}

/** A trained softmax head over standardized features (the training features' mean and std). */
export class LinearProbe {
  private constructor(
    readonly classes: number,
    readonly dim: number,
    private readonly mean: Float32Array,
    private readonly invStd: Float32Array,
    /** classes x dim, row per class. */
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
  ) {}

  /**
   * Trains on `features` (count x dim, row per sample) with `labels` in 0..classes-1. Deterministic: zero
   * initial weights and a seeded mini-batch order, so the same inputs give the same probe.
   */
  static train(
    features: Float32Array,
    labels: Uint8Array,
    classes: number,
    options: ProbeOptions = {},
  ): LinearProbe {
    const dim = rowWidth(features, labels.length);
    const { mean, invStd } = moments(features, dim);
    const x = standardize(features, dim, mean, invStd);
    const probe = new LinearProbe(
      classes,
      dim,
      mean,
      invStd,
      new Float32Array(classes * dim),
      new Float32Array(classes),
    );
    probe.fit(x, labels, options);
    return probe;
  }

  /** Class scores (count x classes) of raw (unstandardized) features. */
  logits(features: Float32Array): Float32Array {
    const x = standardize(features, this.dim, this.mean, this.invStd);
    const count = x.length / this.dim;
    const out = new Float32Array(count * this.classes);
    for (let i = 0; i < count; i++) this.scores(x, i, out.subarray(i * this.classes, (i + 1) * this.classes));
    return out;
  }

  private fit(x: Float32Array, labels: Uint8Array, options: ProbeOptions): void {
    const { epochs = 20, batchSize = 64, learningRate = 0.02, l2 = 0.01, seed = 1 } = options;
    const { classes, dim, weights, bias } = this;
    const random = mulberry32(seed);
    const order = Array.from({ length: labels.length }, (_, i) => i);
    const gradW = new Float32Array(weights.length);
    const gradB = new Float32Array(classes);
    const p = new Float32Array(classes);
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffle(order, random);
      const rate = learningRate * (1 - epoch / epochs);
      for (let start = 0; start < order.length; start += batchSize) {
        const batch = order.slice(start, start + batchSize);
        gradW.fill(0);
        gradB.fill(0);
        for (const i of batch) {
          softmaxInPlace(this.scores(x, i, p));
          p[labels[i]!]! -= 1;
          for (let k = 0; k < classes; k++) {
            const g = p[k]!;
            gradB[k]! += g;
            for (let d = 0, row = k * dim, at = i * dim; d < dim; d++) gradW[row + d]! += g * x[at + d]!;
          }
        }
        const step = rate / batch.length;
        for (let j = 0; j < weights.length; j++) weights[j]! -= step * gradW[j]! + rate * l2 * weights[j]!;
        for (let k = 0; k < classes; k++) bias[k]! -= step * gradB[k]!;
      }
    }
  }

  /** Writes sample i's scores into `out` and returns it. */
  private scores(x: Float32Array, i: number, out: Float32Array): Float32Array {
    const { dim, weights, bias } = this;
    for (let k = 0; k < this.classes; k++) {
      let sum = bias[k]!;
      for (let d = 0, row = k * dim, at = i * dim; d < dim; d++) sum += weights[row + d]! * x[at + d]!;
      out[k] = sum;
    }
    return out;
  }
}

/** Fraction of samples whose highest-scoring class under `probe` is their label. */
export function probeAccuracy(probe: LinearProbe, features: Float32Array, labels: Uint8Array): number {
  const logits = probe.logits(features);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    if (argMax(logits.subarray(i * probe.classes, (i + 1) * probe.classes)) === labels[i]) correct++;
  }
  return correct / labels.length;
}

/** Index of the largest value (the first on ties). */
export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k]! > values[best]!) best = k;
  return best;
}

function rowWidth(features: Float32Array, count: number): number {
  const dim = features.length / count;
  if (count === 0 || !Number.isInteger(dim))
    throw new RangeError(`${features.length} features for ${count} samples`);
  return dim;
}

function moments(features: Float32Array, dim: number): { mean: Float32Array; invStd: Float32Array } {
  const count = features.length / dim;
  const sum = new Float64Array(dim);
  const squares = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dim; d++) {
      const v = features[i * dim + d]!;
      sum[d]! += v;
      squares[d]! += v * v;
    }
  }
  const mean = Float32Array.from(sum, (s) => s / count);
  // A constant feature carries no information; scaling it by 0 keeps it out of the head.
  const invStd = Float32Array.from(squares, (s, d) => {
    const variance = s / count - mean[d]! ** 2;
    return variance > 1e-12 ? 1 / Math.sqrt(variance) : 0;
  });
  return { mean, invStd };
}

function standardize(
  features: Float32Array,
  dim: number,
  mean: Float32Array,
  invStd: Float32Array,
): Float32Array {
  if (features.length % dim !== 0) throw new RangeError(`${features.length} features are not rows of ${dim}`);
  return features.map((v, j) => (v - mean[j % dim]!) * invStd[j % dim]!);
}

function softmaxInPlace(values: Float32Array): void {
  const max = values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  let sum = 0;
  for (let k = 0; k < values.length; k++) {
    values[k] = Math.exp(values[k]! - max);
    sum += values[k]!;
  }
  for (let k = 0; k < values.length; k++) values[k]! /= sum;
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
}
