import { describe, expect, it } from 'vitest';
import { TfjsWeights } from '../../src/formats/tfjs-weights.js';
import { kerasProgram } from '../../src/inference/keras-program.js';
import { runProgram, weightLayerNames } from '../../src/inference/program.js';
import { type Activation, activation } from '../../src/inference/tensor.js';
import { makeWeights } from '../helpers/make-tfjs.js';

const layer = (cls: string, name: string, config: object, inbound: string[]) => ({
  class_name: cls,
  name,
  config: { name, ...config },
  inbound_nodes: inbound.length === 0 ? [] : [inbound.map((n) => [n, 0, 0, {}])],
});

/**
 * in (2x2x1) -> pad [[0,1],[0,1]] -> conv 2x2 stride 2 valid (2 filters) -> BN -> ReLU6 -> depthwise 1x1 ->
 * add(relu, depthwise) -> flatten -> dense 2 -> dropout -> dense softmax 2
 */
function tinyModel() {
  const layers = [
    layer('InputLayer', 'in', { batch_input_shape: [null, 2, 2, 1] }, []),
    layer(
      'ZeroPadding2D',
      'pad',
      {
        padding: [
          [0, 1],
          [0, 1],
        ],
      },
      ['in'],
    ),
    layer(
      'Conv2D',
      'conv',
      { filters: 2, kernel_size: [2, 2], strides: [2, 2], padding: 'valid', use_bias: false },
      ['pad'],
    ),
    layer('BatchNormalization', 'bn', { epsilon: 0 }, ['conv']),
    layer('ReLU', 'relu', { max_value: 6 }, ['bn']),
    layer('DepthwiseConv2D', 'dw', { kernel_size: [1, 1], padding: 'same', use_bias: true }, ['relu']),
    layer('Add', 'sum', {}, ['relu', 'dw']),
    layer('Flatten', 'flat', {}, ['sum']),
    layer('Dense', 'fc', { units: 2, activation: 'relu' }, ['flat']),
    layer('Dropout', 'drop', { rate: 0.5 }, ['fc']),
    layer('Dense', 'out', { units: 2, activation: 'softmax' }, ['drop']),
  ];
  const { manifest, bytes } = makeWeights([
    // conv [2, 2, 1, 2]: filter 0 sums the window, filter 1 = top-left minus bottom-right
    { name: 'conv/kernel', shape: [2, 2, 1, 2], values: [1, 1, 1, 0, 1, 0, 1, -1] },
    { name: 'bn/gamma', shape: [2], values: [2, 1] },
    { name: 'bn/beta', shape: [2], values: [0, 1] },
    { name: 'bn/moving_mean', shape: [2], values: [1, 0] },
    { name: 'bn/moving_variance', shape: [2], values: [1, 1] },
    { name: 'dw/depthwise_kernel', shape: [1, 1, 2, 1], values: [0.5, -1] },
    { name: 'dw/bias', shape: [2], values: [0, 10] },
    { name: 'fc/kernel', shape: [2, 2], values: [1, 0, 0, -1] },
    { name: 'fc/bias', shape: [2], values: [0, 0] },
    { name: 'out/kernel', shape: [2, 2], values: [1, 0, 0, 1] },
    { name: 'out/bias', shape: [2], values: [0, 0] },
  ]);
  const weights = new TfjsWeights(manifest, [bytes], 'tiny.json');
  const topology = { class_name: 'Model', config: { name: 'tiny', layers } };
  return kerasProgram({ model_config: topology }, weights, 'tiny.json');
}

describe('kerasProgram', () => {
  it('runs a small functional model as computed by hand', () => {
    const program = tinyModel();
    expect(weightLayerNames(program)).toEqual(['conv', 'dw', 'fc', 'out']);
    const inputs = new Map<string, Activation>();
    const steps = new Map<string, number[]>();
    const x = activation(2, 2, 1, [1, 2, 3, 4]);
    const out = runProgram(program, x, {
      weightLayerInput: (l, a) => inputs.set(l, a),
      stepOutput: (s, a) => steps.set(s, Array.from(a.data)),
    });
    // The conv sees the unpadded input (the ZeroPadding2D is not part of the stored activation).
    expect(inputs.get('conv')).toBe(x);
    // pad -> 3x3; valid 2x2 stride 2 -> one window over [1, 2; 3, 4]: filter 0 = 10, filter 1 = 1 - 4 = -3
    expect(steps.get('conv')).toEqual([10, -3]);
    // BN: (10 - 1) * 2 + 0 = 18, (-3 - 0) * 1 + 1 = -2; ReLU6: 6, 0
    expect(steps.get('bn')).toEqual([18, -2]);
    expect(steps.get('relu')).toEqual([6, 0]);
    expect(steps.get('dw')).toEqual([3, 10]);
    expect(steps.get('sum')).toEqual([9, 10]);
    // dense relu: [9, -10] -> [9, 0]; softmax of [9, 0]
    expect(steps.get('fc')).toEqual([9, 0]);
    expect(Array.from(inputs.get('out')!.data)).toEqual([9, 0]);
    const e = Math.exp(9);
    expect(out.data[0]).toBeCloseTo(e / (e + 1), 6);
    expect(out.data[1]).toBeCloseTo(1 / (e + 1), 6);
  });
});
