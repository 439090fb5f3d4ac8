import { mulberry32 } from '@swis-dse/swis-core';
import type { Model, ModelState } from './model.js';

/**
 * A fresh state for a model from a seed: He-normal weights (std sqrt(2 / fan-in); fan-in is the reduction
 * length, weights being laid out with the output channel fastest), batch norm at identity, zero biases.
 */
export function initialState(model: Model, seed: number): ModelState {
  const normal = gaussian(seed);
  const shapes = model.state();
  const state: ModelState = {};
  for (const [name, tensor] of Object.entries(shapes)) {
    const value = new Float32Array(tensor.length);
    if (name.endsWith('.weight')) {
      const outChannels = outChannelsOf(shapes, name);
      const std = Math.sqrt(2 / (tensor.length / outChannels));
      for (let i = 0; i < value.length; i++) value[i] = normal() * std;
    } else if (name.endsWith('.gamma') || name.endsWith('.runningVar')) {
      value.fill(1);
    }
    state[name] = value;
  }
  return state;
}

/** A weight's output channels: the length of its unit's bias (folded) or batch-norm gamma. */
function outChannelsOf(state: ModelState, weightName: string): number {
  const unit = weightName.replace(/\.weight$/, '');
  return (state[`${unit}.bias`] ?? state[`${unit}.gamma`])!.length;
}

/** Standard normal samples (Box-Muller) from a seeded PRNG. */
export function gaussian(seed: number): () => number {
  const random = mulberry32(seed);
  return () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}
