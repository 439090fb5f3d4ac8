import type { Arena } from '../kernels/arena.js';
import type { Allocator } from './tensor.js';

/** Batch normalization over rows x channels (rows = batch pixels), on the arena's SIMD kernels. */

export const BN_EPSILON = 1e-5;
/** Weight of the newest batch in the running mean and variance. */
export const BN_MOMENTUM = 0.1;

export interface BatchNormParams {
  readonly gamma: Float32Array;
  readonly beta: Float32Array;
  readonly runningMean: Float32Array;
  readonly runningVar: Float32Array;
}

/** Per-channel scratch vectors in the arena: the batch statistics the backward pass needs, and temporaries. */
export interface ChannelVectors {
  readonly mean: Float32Array;
  readonly invStd: Float32Array;
  readonly scale: Float32Array;
  readonly shift: Float32Array;
  readonly zeros: Float32Array;
  readonly sumA: Float32Array;
  readonly sumB: Float32Array;
  readonly a: Float32Array;
  readonly b: Float32Array;
}

export function allocChannelVectors(allocator: Allocator, channels: number): ChannelVectors {
  const vector = () => allocator.alloc(channels);
  return {
    mean: vector(),
    invStd: vector(),
    scale: vector(),
    shift: vector(),
    zeros: vector(),
    sumA: vector(),
    sumB: vector(),
    a: vector(),
    b: vector(),
  };
}

/**
 * y = gamma (z - mean) / std + beta with the batch's statistics (two passes: mean, then centred variance),
 * clamped to [0, 6] when `relu6`; updates the running statistics.
 */
export function batchNormTrain(
  arena: Arena,
  z: Float32Array,
  y: Float32Array,
  rows: number,
  p: BatchNormParams,
  v: ChannelVectors,
  relu6: boolean,
): void {
  const channels = p.gamma.length;
  v.sumA.fill(0);
  arena.columnSums(rows, z, v.sumA);
  for (let c = 0; c < channels; c++) v.mean[c] = v.sumA[c]! / rows;
  v.sumB.fill(0);
  arena.centeredProducts(rows, z, v.mean, z, v.sumB);
  for (let c = 0; c < channels; c++) {
    const variance = v.sumB[c]! / rows;
    v.invStd[c] = 1 / Math.sqrt(variance + BN_EPSILON);
    v.scale[c] = p.gamma[c]! * v.invStd[c]!;
    v.shift[c] = p.beta[c]! - v.mean[c]! * v.scale[c]!;
    const unbiased = rows > 1 ? (variance * rows) / (rows - 1) : variance;
    p.runningMean[c] = (1 - BN_MOMENTUM) * p.runningMean[c]! + BN_MOMENTUM * v.mean[c]!;
    p.runningVar[c] = (1 - BN_MOMENTUM) * p.runningVar[c]! + BN_MOMENTUM * unbiased;
  }
  arena.channelAffine(rows, { u: z, a: v.scale, v: z, b: v.zeros, d: v.shift }, y, relu6);
}

/** y = gamma (z - runningMean) / sqrt(runningVar + eps) + beta, clamped to [0, 6] when `relu6`. */
export function batchNormInfer(
  arena: Arena,
  z: Float32Array,
  y: Float32Array,
  rows: number,
  p: BatchNormParams,
  v: ChannelVectors,
  relu6: boolean,
): void {
  for (let c = 0; c < p.gamma.length; c++) {
    v.scale[c] = p.gamma[c]! / Math.sqrt(p.runningVar[c]! + BN_EPSILON);
    v.shift[c] = p.beta[c]! - p.runningMean[c]! * v.scale[c]!;
  }
  arena.channelAffine(rows, { u: z, a: v.scale, v: z, b: v.zeros, d: v.shift }, y, relu6);
}

/**
 * Gradients of batchNormTrain (before the clamp): dgamma and dbeta accumulate, dz is overwritten. With
 * xhat = (z - mean) invStd and s = gamma invStd / rows: dz = s (rows dy - sum dy - xhat sum(dy xhat)),
 * an affine map of dy and z per channel.
 */
export function batchNormBackward(
  arena: Arena,
  tensors: { z: Float32Array; dy: Float32Array; dz: Float32Array },
  rows: number,
  p: BatchNormParams,
  v: ChannelVectors,
  grads: { gamma: Float32Array; beta: Float32Array },
): void {
  const { z, dy, dz } = tensors;
  v.sumA.fill(0);
  arena.columnSums(rows, dy, v.sumA);
  v.sumB.fill(0);
  arena.centeredProducts(rows, z, v.mean, dy, v.sumB);
  for (let c = 0; c < p.gamma.length; c++) {
    const invStd = v.invStd[c]!;
    const sumDy = v.sumA[c]!;
    const sumDyXhat = v.sumB[c]! * invStd;
    grads.beta[c] = grads.beta[c]! + sumDy;
    grads.gamma[c] = grads.gamma[c]! + sumDyXhat;
    const s = (p.gamma[c]! * invStd) / rows;
    v.a[c] = s * rows;
    v.b[c] = -s * invStd * sumDyXhat;
    v.shift[c] = s * (v.mean[c]! * invStd * sumDyXhat - sumDy);
  }
  arena.channelAffine(rows, { u: dy, a: v.a, v: z, b: v.b, d: v.shift }, dz, false);
}
