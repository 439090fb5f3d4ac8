import type { ModelSpec } from './make-onnx.js';
import { sequence } from './make-tfjs.js';

/** conv (stride 2, SAME) -> depthwise -> max pool -> pointwise conv -> global pool -> flatten -> gemm. */
export const SMALL_CNN: ModelSpec = {
  inputs: [{ name: 'x', dims: [1, 3, 224, 224] }],
  initializers: [
    { name: 'conv1.weight', dims: [8, 3, 3, 3], values: sequence(216) },
    { name: 'dw.weight', dims: [8, 1, 3, 3], values: sequence(72).map((v) => v * 0.5) },
    { name: 'pw.weight', dims: [16, 8, 1, 1], values: sequence(128) },
    { name: 'fc.weight', dims: [10, 16], values: sequence(160) },
    { name: 'fc.bias', dims: [10], values: sequence(10) },
    { name: 'clip.min', dims: [], values: [0] },
    { name: 'clip.max', dims: [], values: [6] },
  ],
  nodes: [
    {
      op: 'Conv',
      name: 'conv1',
      inputs: ['x', 'conv1.weight'],
      outputs: ['c1'],
      attrs: { strides: [2, 2], auto_pad: 'SAME_UPPER' },
    },
    { op: 'Relu', inputs: ['c1'], outputs: ['r1'] },
    {
      op: 'Conv',
      name: 'dw',
      inputs: ['r1', 'dw.weight'],
      outputs: ['d1'],
      attrs: { group: 8, pads: [1, 1, 1, 1], kernel_shape: [3, 3] },
    },
    { op: 'Clip', inputs: ['d1', 'clip.min', 'clip.max'], outputs: ['d1c'] },
    { op: 'MaxPool', inputs: ['d1c'], outputs: ['p1'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
    { op: 'Conv', name: 'pw', inputs: ['p1', 'pw.weight'], outputs: ['c2'] },
    { op: 'GlobalAveragePool', inputs: ['c2'], outputs: ['g'] },
    { op: 'Flatten', inputs: ['g'], outputs: ['flat'] },
    {
      op: 'Gemm',
      name: 'fc',
      inputs: ['flat', 'fc.weight', 'fc.bias'],
      outputs: ['y'],
      attrs: { transB: 1 },
    },
  ],
};
