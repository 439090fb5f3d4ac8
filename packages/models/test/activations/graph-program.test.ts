import { describe, expect, it } from 'vitest';
import { TfjsWeights } from '../../src/formats/tfjs-weights.js';
import { graphProgram } from '../../src/inference/graph-program.js';
import { runProgram, weightLayerNames } from '../../src/inference/program.js';
import { type Activation, activation } from '../../src/inference/tensor.js';
import { attrI, attrS, makeWeights } from '../helpers/make-tfjs.js';

const fused = (...ops: string[]) => ({ list: { s: ops.map((o) => Buffer.from(o).toString('base64')) } });
const node = (name: string, op: string, input: string[] = [], attr: object = {}) => ({
  name,
  op,
  input,
  attr,
});

/**
 * x (2x2x1) -> Pad [[0,0],[0,1],[0,1],[0,0]] -> _FusedConv2D 2x2 VALID stride 2 (BiasAdd, Relu6), 2 filters
 * -> Mul per channel -> AddV2 scalar -> Mean(1, 2) -> _FusedMatMul transpose_b (BiasAdd) -> Softmax
 */
function tinyGraph() {
  const nodes = [
    node('x', 'Placeholder'),
    node('pads', 'Const'),
    node('pad', 'Pad', ['x', 'pads']),
    node('w', 'Const'),
    node('b', 'Const'),
    node('conv', '_FusedConv2D', ['pad', 'w', 'b'], {
      strides: attrI([1, 2, 2, 1]),
      padding: attrS('VALID'),
      fused_ops: fused('BiasAdd', 'Relu6'),
    }),
    node('gain', 'Const'),
    node('mul', 'Mul', ['conv', 'gain']),
    node('one', 'Const'),
    node('one/read', 'Identity', ['one']),
    node('add', 'AddV2', ['one/read', 'mul']),
    node('axes', 'Const'),
    node('mean', 'Mean', ['add', 'axes']),
    node('fc_w', 'Const'),
    node('fc_b', 'Const'),
    node('fc', '_FusedMatMul', ['mean', 'fc_w', 'fc_b'], {
      transpose_b: { b: true },
      fused_ops: fused('BiasAdd'),
    }),
    node('prob', 'Softmax', ['fc']),
  ];
  const { manifest, bytes } = makeWeights([
    { name: 'pads', shape: [4, 2], values: [0, 0, 0, 1, 0, 1, 0, 0], dtype: 'int32' },
    // [2, 2, 1, 2]: filter 0 sums the window, filter 1 = top-left minus bottom-right
    { name: 'w', shape: [2, 2, 1, 2], values: [1, 1, 1, 0, 1, 0, 1, -1] },
    { name: 'b', shape: [2], values: [-5, 1] },
    { name: 'gain', shape: [2], values: [2, 3] },
    { name: 'one', shape: [], values: [1] },
    { name: 'axes', shape: [2], values: [1, 2], dtype: 'int32' },
    // transposed [out, in]: out 0 = in 0, out 1 = in 1 - in 0
    { name: 'fc_w', shape: [2, 2], values: [1, 0, -1, 1] },
    { name: 'fc_b', shape: [2], values: [0, 0.5] },
  ]);
  const weights = new TfjsWeights(manifest, [bytes], 'tiny-graph.json');
  return graphProgram({ node: nodes }, weights, 'tiny-graph.json');
}

describe('graphProgram', () => {
  it('runs a small graph model as computed by hand', () => {
    const program = tinyGraph();
    expect(weightLayerNames(program)).toEqual(['conv', 'fc']);
    const x = activation(2, 2, 1, [1, 2, 3, 4]);
    const inputs = new Map<string, Activation>();
    const steps = new Map<string, number[]>();
    const out = runProgram(program, x, {
      weightLayerInput: (l, a) => inputs.set(l, a),
      stepOutput: (s, a) => steps.set(s, Array.from(a.data)),
    });
    expect(inputs.get('conv')).toBe(x); // the stored input, not the padded one
    // window [1, 2; 3, 4]: 10 - 5 = 5, 1 - 4 + 1 = -2 -> Relu6: 5, 0
    expect(steps.get('conv')).toEqual([5, 0]);
    expect(steps.get('mul')).toEqual([10, 0]);
    expect(steps.get('add')).toEqual([11, 1]);
    expect(steps.get('mean')).toEqual([11, 1]);
    expect(steps.get('fc')).toEqual([11, -10 + 0.5]);
    const e = Math.exp(-20.5);
    expect(out.data[0]).toBeCloseTo(1 / (1 + e), 6);
    expect(program.output).toBe('prob');
  });
});
