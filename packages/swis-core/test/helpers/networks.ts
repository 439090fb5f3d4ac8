import type { Network } from '../../src/index.js';

/** A one-layer dense network whose filters are the rows of `weights` ([filters][length]). */
export function denseNetwork(weights: Float32Array, length: number, name = 'fc'): Network {
  return {
    name: 'test',
    layers: [
      {
        name,
        kind: 'dense',
        shape: [weights.length / length, length, 1, 1],
        groups: 1,
        stride: [1, 1],
        padding: [0, 0, 0, 0],
        inputSize: [1, 1],
        weights,
      },
    ],
    metadata: { source: 'test', weightsWere8Bit: false, batchNormFolded: false, notes: [] },
  };
}

/** Deterministic pseudo-random numbers in [0, 1) (a 32-bit LCG), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Laplace-distributed weights, the usual shape of trained kernels. */
export function laplaceWeights(count: number, seed: number, scale = 0.05): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count }, () => {
    const u = random() - 0.5;
    return -Math.sign(u) * Math.log(1 - 2 * Math.abs(u)) * scale;
  });
}
