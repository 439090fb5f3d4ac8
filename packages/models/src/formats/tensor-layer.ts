import type { LayerInput } from '@swis-dse/swis-core';
import { ModelError } from '../errors.js';
import { fromKCRS } from '../layout.js';

/**
 * A layer from one weight tensor in PyTorch layout, for files that hold tensors but no graph (npy,
 * safetensors): 4-D [K, C, R, S] is a conv, 2-D [out, in] a dense layer. A 4-D tensor with C == 1 is only
 * called depthwise when `depthwise` says so, since a plain conv on a one-channel input looks the same;
 * depthwise assumes channel multiplier 1, i.e. K groups.
 */
export function layerFromTensor(
  name: string,
  dims: readonly number[],
  values: Float32Array,
  depthwise: boolean,
  file: string,
): LayerInput {
  if (dims.length === 4) {
    const [k, c, r, s] = dims as [number, number, number, number];
    const isDepthwise = depthwise && c === 1;
    return {
      name,
      kind: isDepthwise ? 'depthwise' : 'conv',
      shape: [k, c, r, s],
      groups: isDepthwise ? k : 1,
      weights: fromKCRS(values, k, c, r, s),
    };
  }
  if (dims.length === 2) {
    const [out, inputs] = dims as [number, number];
    return { name, kind: 'dense', shape: [out, inputs, 1, 1], weights: values };
  }
  throw new ModelError(
    'SWIS_ERR_MODEL_WEIGHTS',
    { file, tensor: name },
    `shape [${dims.join(', ')}] is neither conv weights [K, C, R, S] nor dense weights [out, in]`,
  );
}
