import { toKCRS } from '@swis-dse/models';
import { type Architecture, CLASSIFIER, type ModelState, stagesOf, weightLayersOf } from '@swis-dse/nn';
import type { Layer } from '@swis-dse/swis-core';
import { OnnxGraph } from '../onnx/onnx-graph.js';

/** Name of the image input (N x 1 x H x W, normalized) and the logits output of the exported graph. */
export const ONNX_INPUT = 'images';
export const ONNX_OUTPUT = 'logits';

/**
 * The folded network as ONNX (NCHW): Conv (+ Clip 0..6 for ReLU6), residual Add, GlobalAveragePool, Gemm.
 * `layers` supply the weights by layer name in swis-core layout (e.g. a quantization's layers); shapes come
 * from the architecture and biases from the folded state.
 */
export function fashionOnnx(
  arch: Architecture,
  folded: ModelState,
  layers: readonly Pick<Layer, 'name' | 'weights'>[],
): Uint8Array {
  const byName = new Map(layers.map((l) => [l.name, l.weights]));
  const shapes = new Map(weightLayersOf(arch).map((l) => [l.name, l.shape]));
  const layer = (name: string) => {
    const weights = byName.get(name);
    if (weights === undefined) throw new RangeError(`no weights for layer ${name}`);
    const shape = shapes.get(name)!;
    const count = shape.reduce((a, b) => a * b, 1);
    if (weights.length !== count)
      throw new RangeError(`layer ${name} has ${weights.length} weights, [${shape}] needs ${count}`);
    return { shape, weights };
  };
  const bias = (name: string) => {
    const found = folded[`${name}.bias`];
    if (found === undefined) throw new RangeError(`state has no ${name}.bias (is batch norm folded?)`);
    return found;
  };
  const g = new OnnxGraph();
  let x = g.input(ONNX_INPUT, ['N', arch.input.channels, arch.input.height, arch.input.width]);
  const zero = g.constant('relu6_min', [], new Float32Array([0]));
  const six = g.constant('relu6_max', [], new Float32Array([6]));
  for (const stage of stagesOf(arch)) {
    const skip = x;
    for (const unit of stage.units) {
      const { shape, weights } = layer(unit.name);
      const [k, c, r, s] = shape;
      const w = g.constant(`${unit.name}.weight`, shape, toKCRS(weights, k, c, r, s));
      const b = g.constant(`${unit.name}.bias`, [k], bias(unit.name));
      const pad = (unit.kernel - 1) >> 1;
      x = g.node('Conv', [x, w, b], {
        kernel_shape: [r, s],
        strides: [unit.stride, unit.stride],
        pads: [pad, pad, pad, pad],
        group: unit.kind === 'depthwise' ? k : 1,
      });
      if (unit.relu6) x = g.node('Clip', [x, zero, six]);
    }
    if (stage.residual) x = g.node('Add', [x, skip]);
  }
  const pooled = g.node('Flatten', [g.node('GlobalAveragePool', [x])]);
  const classifier = layer(CLASSIFIER);
  const [out, features] = classifier.shape;
  const w = g.constant(`${CLASSIFIER}.weight`, [out, features], classifier.weights);
  const b = g.constant(`${CLASSIFIER}.bias`, [out], bias(CLASSIFIER));
  g.node('Gemm', [pooled, w, b], { transB: 1 }, ONNX_OUTPUT);
  g.output(ONNX_OUTPUT, ['N', arch.classes]);
  return g.encode(arch.name);
}
