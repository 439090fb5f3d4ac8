import type { LabeledImages } from '@swis-dse/datasets';
import {
  type EpochLog,
  FASHION_MOBILENET,
  Model,
  type ModelState,
  toNetwork,
  train,
  withNetworkWeights,
} from '@swis-dse/nn';
import { type Network, type QuantSpecInput, quantizeNetwork } from '@swis-dse/swis-core';

export interface RetrainOptions {
  readonly epochs: number;
  /** Peak Adam learning rate of the cosine schedule. @defaultValue 5e-4 */
  readonly learningRate?: number;
  readonly seed?: number;
  readonly onEpoch?: (log: EpochLog) => void;
  readonly signal?: AbortSignal;
}

/**
 * Projects weights onto a quantizer's representable set: the network's layers quantized with `spec` (the
 * same exact search the post-training path uses), returned in the model's own weight layout.
 */
export function quantizerProjection(spec: QuantSpecInput): (weights: ModelState) => ModelState {
  return (weights) => {
    const network = toNetwork(FASHION_MOBILENET, weights, 'straight-through projection');
    const quantized = quantizeNetwork(network, spec);
    return withNetworkWeights(weights, withLayerWeights(network, quantized.layers));
  };
}

/**
 * Fine-tunes the folded fashion-mobilenet with a straight-through estimator onto `spec`'s representable set
 * and returns the quantized network (its weights exactly representable) and the per-epoch log.
 */
export function retrainQuantized(
  folded: ModelState,
  trainSet: LabeledImages,
  spec: QuantSpecInput,
  options: RetrainOptions,
): { network: Network; logs: EpochLog[] } {
  const model = Model.create(FASHION_MOBILENET, 'bias', 128);
  model.load(folded);
  const project = quantizerProjection(spec);
  const logs = train(model, trainSet, {
    epochs: options.epochs,
    learningRate: options.learningRate ?? 5e-4,
    weightDecay: 0,
    seed: options.seed ?? 1,
    flip: true,
    projectWeights: project,
    ...(options.onEpoch === undefined ? {} : { onEpoch: options.onEpoch }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return {
    network: toNetwork(FASHION_MOBILENET, model.state(), `retrained (${JSON.stringify(spec)})`),
    logs,
  };
}

function withLayerWeights(
  network: Network,
  layers: readonly { name: string; weights: Float32Array }[],
): Network {
  const byName = new Map(layers.map((l) => [l.name, l.weights]));
  return {
    ...network,
    layers: network.layers.map((l) => ({ ...l, weights: byName.get(l.name) ?? l.weights })),
  };
}
