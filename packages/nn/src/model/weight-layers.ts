import type { Layer, Network } from '@swis-dse/swis-core';
import { transpose } from '../layers/conv-unit.js';
import { type Architecture, CLASSIFIER, stagesOf } from './architecture.js';
import type { ModelState } from './model.js';

interface WeightLayerInfo {
  readonly name: string;
  readonly kind: Layer['kind'];
  readonly shape: [number, number, number, number];
  readonly stride: number;
  readonly inputSize: [number, number];
}

/** The weight layers of an architecture in execution order, in swis-core's terms. */
export function weightLayersOf(arch: Architecture): WeightLayerInfo[] {
  let size: [number, number] = [arch.input.height, arch.input.width];
  const layers: WeightLayerInfo[] = stagesOf(arch).flatMap((stage) =>
    stage.units.map((u) => {
      const inputSize = size;
      const out = (s: number) => Math.floor((s + 2 * ((u.kernel - 1) >> 1) - u.kernel) / u.stride) + 1;
      size = [out(size[0]), out(size[1])];
      const depthwise = u.kind === 'depthwise';
      return {
        name: u.name,
        kind: u.kind,
        shape: [u.outChannels, depthwise ? 1 : u.inChannels, u.kernel, u.kernel],
        stride: u.stride,
        inputSize,
      };
    }),
  );
  layers.push({
    name: CLASSIFIER,
    kind: 'dense',
    shape: [arch.classes, arch.headChannels, 1, 1],
    stride: 1,
    inputSize: [1, 1],
  });
  return layers;
}

/**
 * The folded model as a swis-core Network. The model keeps weights [reduction][out] (output channel fastest);
 * swis-core wants each filter contiguous in reduction order ([K][R][S][C]), which is the transpose.
 */
export function toNetwork(arch: Architecture, folded: ModelState, source: string): Network {
  return {
    name: arch.name,
    layers: weightLayersOf(arch).map((info) => {
      const weight = requireTensor(folded, `${info.name}.weight`);
      const filters = info.shape[0];
      const weights = new Float32Array(weight.length);
      transpose(weight, weight.length / filters, filters, weights);
      const pad = (info.shape[2] - 1) >> 1;
      return {
        name: info.name,
        kind: info.kind,
        shape: info.shape,
        groups: info.kind === 'depthwise' ? filters : 1,
        stride: [info.stride, info.stride],
        padding: [pad, pad, pad, pad],
        inputSize: info.inputSize,
        weights,
      };
    }),
    metadata: { source, weightsWere8Bit: false, batchNormFolded: true, notes: [] },
  };
}

/** A copy of a folded state with each layer's weights replaced by the network's (e.g. quantized) ones. */
export function withNetworkWeights(folded: ModelState, network: Pick<Network, 'layers'>): ModelState {
  const state: ModelState = { ...folded };
  for (const layer of network.layers) {
    const current = requireTensor(folded, `${layer.name}.weight`);
    const filters = layer.shape[0];
    const weight = new Float32Array(current.length);
    transpose(layer.weights, filters, layer.weights.length / filters, weight);
    state[`${layer.name}.weight`] = weight;
  }
  return state;
}

function requireTensor(state: ModelState, name: string): Float32Array {
  const tensor = state[name];
  if (tensor === undefined) throw new RangeError(`state has no tensor ${name}`);
  return tensor;
}
