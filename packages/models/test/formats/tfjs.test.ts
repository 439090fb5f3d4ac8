import { describe, expect, it } from 'vitest';
import { readTfjs } from '../../src/formats/tfjs.js';
import { catchModelError } from '../helpers/catch-model-error.js';
import { assertCorruptionsAreModelErrors } from '../helpers/fuzz.js';
import { attrI, attrS, makeWeights, sequence, type TensorSpec } from '../helpers/make-tfjs.js';

const FILE = 'fixtures/tiny/model.json';

/** A Keras layer entry of a Functional model. */
function layer(className: string, name: string, config: Record<string, unknown>, inbound: string[] = []) {
  return {
    class_name: className,
    name,
    config: { name, ...config },
    inbound_nodes: inbound.length === 0 ? [] : [inbound.map((n) => [n, 0, 0, {}])],
  };
}

// Functional model, input 8x8x2: pad -> conv 3x3/2 VALID -> BN -> ReLU -> depthwise 3x3 x2 SAME -> two
// stride-2 SAME convs concatenated -> global average pool -> dropout -> dense 5.
const LAYERS = [
  layer('InputLayer', 'input', { batch_input_shape: [null, 8, 8, 2] }),
  layer(
    'ZeroPadding2D',
    'pad',
    {
      padding: [
        [0, 1],
        [0, 1],
      ],
    },
    ['input'],
  ),
  layer('Conv2D', 'conv', { filters: 3, kernel_size: [3, 3], strides: [2, 2], padding: 'valid' }, ['pad']),
  layer('BatchNormalization', 'bn', { axis: -1 }, ['conv']),
  layer('ReLU', 'relu', { max_value: 6 }, ['bn']),
  layer('DepthwiseConv2D', 'dw', { kernel_size: [3, 3], strides: 1, padding: 'same', depth_multiplier: 2 }, [
    'relu',
  ]),
  layer('Conv2D', 'a', { filters: 4, kernel_size: 1, strides: 2, padding: 'same' }, ['dw']),
  layer('Conv2D', 'b', { filters: 4, kernel_size: 3, strides: 2, padding: 'same' }, ['dw']),
  layer('Concatenate', 'cat', { axis: -1 }, ['a', 'b']),
  layer('GlobalAveragePooling2D', 'gap', {}, ['cat']),
  layer('Dropout', 'drop', { rate: 0.5 }, ['gap']),
  layer('Dense', 'fc', { units: 5 }, ['drop']),
];

const LAYER_TENSORS: TensorSpec[] = [
  { name: 'conv/kernel', shape: [3, 3, 2, 3], values: sequence(54) },
  { name: 'bn/gamma', shape: [3], values: [1, 1, 1] },
  { name: 'dw/depthwise_kernel', shape: [3, 3, 3, 2], values: sequence(54, 100) },
  { name: 'a/kernel', shape: [1, 1, 6, 4], values: sequence(24) },
  { name: 'b/kernel', shape: [3, 3, 6, 4], values: sequence(216) },
  { name: 'fc/kernel', shape: [8, 5], values: sequence(40) },
];

function layersModel(layers: unknown[] = LAYERS, tensors: TensorSpec[] = LAYER_TENSORS) {
  const { manifest, bytes } = makeWeights(tensors);
  const json = {
    format: 'layers-model',
    modelTopology: {
      keras_version: '2.2.4',
      model_config: { class_name: 'Model', config: { name: 'tiny', layers } },
    },
    weightsManifest: manifest,
  };
  return { json, bytes };
}

describe('readTfjs: layers model', () => {
  const { json, bytes } = layersModel();
  const net = readTfjs(json, [bytes], FILE);

  it('emits the conv, depthwise and dense layers in order with PyTorch-convention shapes', () => {
    expect(net.name).toBe('tiny');
    expect(net.layers.map((l) => [l.name, l.kind, l.shape, l.groups])).toEqual([
      ['conv', 'conv', [3, 2, 3, 3], 1],
      ['dw', 'depthwise', [6, 1, 3, 3], 3],
      ['a', 'conv', [4, 6, 1, 1], 1],
      ['b', 'conv', [4, 6, 3, 3], 1],
      ['fc', 'dense', [5, 8, 1, 1], 1],
    ]);
  });

  it('folds the ZeroPadding2D into the VALID conv and resolves SAME padding from propagated sizes', () => {
    expect(net.layers.map((l) => [l.stride, l.padding, l.inputSize])).toEqual([
      [
        [2, 2],
        [0, 0, 1, 1],
        [8, 8],
      ],
      [
        [1, 1],
        [1, 1, 1, 1],
        [4, 4],
      ],
      [
        [2, 2],
        [0, 0, 0, 0],
        [4, 4],
      ],
      [
        [2, 2],
        [0, 0, 1, 1],
        [4, 4],
      ],
      [
        [1, 1],
        [0, 0, 0, 0],
        [1, 1],
      ],
    ]);
  });

  it('moves every conv weight from [R][S][C][K] to [K][R][S][C]', () => {
    const conv = net.layers[0]!;
    for (let k = 0; k < 3; k++) {
      for (let r = 0; r < 3; r++) {
        for (let s = 0; s < 3; s++) {
          for (let c = 0; c < 2; c++) {
            expect(conv.weights[((k * 3 + r) * 3 + s) * 2 + c]).toBe(((r * 3 + s) * 2 + c) * 3 + k);
          }
        }
      }
    }
    // k=1, r=0, s=2, c=1 sits at 23 and came from source index 16.
    expect(conv.weights[23]).toBe(16);
  });

  it('orders depthwise filters as TensorFlow numbers output channels (c * M + m)', () => {
    const dw = net.layers[1]!;
    for (let k = 0; k < 6; k++) {
      for (let rs = 0; rs < 9; rs++) expect(dw.weights[k * 9 + rs]).toBe(100 + rs * 6 + k);
    }
  });

  it('transposes dense weights from [in, out] to [out][in]', () => {
    const fc = net.layers[4]!;
    for (let o = 0; o < 5; o++) {
      for (let i = 0; i < 8; i++) expect(fc.weights[o * 8 + i]).toBe(i * 5 + o);
    }
  });

  it('records float32 weights, unfolded batch norm and its source', () => {
    expect(net.metadata.source).toBe(FILE);
    expect(net.metadata.weightsWere8Bit).toBe(false);
    expect(net.metadata.batchNormFolded).toBe(false);
    expect(net.metadata.notes).toEqual([
      '1 BatchNormalization layers are separate, not folded into the weights',
    ]);
  });

  it('returns ModelError for every truncation or corruption of the shard', () => {
    assertCorruptionsAreModelErrors(bytes, (b) => readTfjs(json, [b], FILE), 100);
  });
});

describe('readTfjs: Sequential model and input size', () => {
  const sequential = (batchShape: unknown[]) => {
    const { manifest, bytes } = makeWeights([
      { name: 'c/kernel', shape: [3, 3, 3, 2], values: sequence(54) },
    ]);
    const layers = [
      {
        class_name: 'Conv2D',
        config: {
          name: 'c',
          filters: 2,
          kernel_size: 3,
          strides: 2,
          padding: 'same',
          batch_input_shape: batchShape,
        },
      },
    ];
    const json = {
      modelTopology: { class_name: 'Sequential', config: { layers } },
      weightsManifest: manifest,
    };
    return { json, bytes };
  };

  it('takes the size from batch_input_shape', () => {
    const { json, bytes } = sequential([null, 10, 10, 3]);
    const [c] = readTfjs(json, [bytes], FILE).layers;
    expect([c?.inputSize, c?.padding]).toEqual([
      [10, 10],
      [0, 0, 1, 1],
    ]);
  });

  it('falls back to options.inputSize when the model leaves it open', () => {
    const { json, bytes } = sequential([null, null, null, 3]);
    const [c] = readTfjs(json, [bytes], FILE, { inputSize: [10, 10] }).layers;
    expect([c?.inputSize, c?.padding]).toEqual([
      [10, 10],
      [0, 0, 1, 1],
    ]);
  });

  it('leaves SAME padding at zero and says so when the size is unknown', () => {
    const { json, bytes } = sequential([null, null, null, 3]);
    const net = readTfjs(json, [bytes], FILE);
    expect([net.layers[0]?.inputSize, net.layers[0]?.padding]).toEqual([null, [0, 0, 0, 0]]);
    expect(net.metadata.notes).toContain(
      '1 layers have an unknown input size (pass inputSize): their SAME padding is recorded as [0, 0, 0, 0]',
    );
  });
});

describe('readTfjs: quantized weights', () => {
  const denseModel = (quantization: TensorSpec['quantization'], stored: number[]) => {
    const { manifest, bytes } = makeWeights([
      { name: 'd/kernel', shape: [2, 2], values: stored, quantization },
    ]);
    const layers = [{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 2] } }];
    const json = {
      modelTopology: { class_name: 'Sequential', config: { layers } },
      weightsManifest: manifest,
    };
    return readTfjs(json, [bytes], FILE);
  };

  it('dequantizes uint8 affine as q * scale + min and flags the network as 8-bit', () => {
    const net = denseModel({ dtype: 'uint8', scale: 0.5, min: -1 }, [0, 1, 255, 10]);
    // Stored [in, out] = [[-1, -0.5], [126.5, 4]]; swis-core holds [out][in].
    expect([...net.layers[0]!.weights]).toEqual([-1, 126.5, -0.5, 4]);
    expect(net.metadata.weightsWere8Bit).toBe(true);
    expect(net.metadata.notes).toContain('1 weight tensors were stored as uint8 and dequantized on import');
  });

  it('dequantizes uint16 affine without calling it 8-bit', () => {
    const net = denseModel({ dtype: 'uint16', scale: 0.25, min: 2 }, [0, 4, 65535, 8]);
    expect([...net.layers[0]!.weights]).toEqual([2, 16385.75, 3, 4]);
    expect(net.metadata.weightsWere8Bit).toBe(false);
  });

  it('decodes float16', () => {
    const net = denseModel({ dtype: 'float16' }, [0x3c00, 0xc000, 0x3800, 0x0001]);
    expect([...net.layers[0]!.weights]).toEqual([1, 0.5, -2, 2 ** -24]);
    expect(net.metadata.weightsWere8Bit).toBe(false);
  });
});

/** A graph-model node. */
function node(name: string, op: string, input: string[] = [], attr: Record<string, unknown> = {}) {
  return { name, op, input, attr };
}

const NHWC = attrS('NHWC');

// Placeholder 9x9x3 -> Pad 1 -> Conv2D 3x3/2 VALID -> Relu6 -> depthwise 3x3/2 SAME -> _FusedConv2D 1x1
// EXPLICIT [1, 0, 0, 1] + bias -> Mean over h, w -> MatMul 6x2. Listed out of dependency order on purpose.
const GRAPH_NODES = [
  node('out', 'Identity', ['fc']),
  node('fc', 'MatMul', ['mean', 'fc/w'], { transpose_a: { b: false }, transpose_b: { b: false } }),
  node('input', 'Placeholder', [], {
    shape: { shape: { dim: [{ size: '-1' }, { size: '9' }, { size: '9' }, { size: '3' }] } },
  }),
  node('pad', 'Pad', ['input', 'pad/paddings']),
  node('conv', 'Conv2D', ['pad', 'conv/filter'], {
    strides: attrI([1, 2, 2, 1]),
    padding: attrS('VALID'),
    data_format: NHWC,
  }),
  node('relu', 'Relu6', ['conv']),
  node('dw', 'DepthwiseConv2dNative', ['relu', 'dw/filter', '^relu'], {
    strides: attrI([1, 2, 2, 1]),
    padding: attrS('SAME'),
    dilations: attrI([1, 1, 1, 1]),
  }),
  node('pw', '_FusedConv2D', ['dw:0', 'pw/filter', 'pw/bias'], {
    strides: attrI([1, 1, 1, 1]),
    padding: attrS('EXPLICIT'),
    explicit_paddings: attrI([0, 0, 1, 0, 0, 1, 0, 0]),
    fused_ops: { list: { s: [attrS('BiasAdd').s] } },
  }),
  node('mean', 'Mean', ['pw', 'mean/axes'], { keep_dims: { b: false } }),
  ...['pad/paddings', 'conv/filter', 'dw/filter', 'pw/filter', 'pw/bias', 'mean/axes', 'fc/w'].map((n) =>
    node(n, 'Const'),
  ),
];

const GRAPH_TENSORS: TensorSpec[] = [
  { name: 'pad/paddings', shape: [4, 2], dtype: 'int32', values: [0, 0, 1, 1, 1, 1, 0, 0] },
  { name: 'conv/filter', shape: [3, 3, 3, 4], values: sequence(108) },
  { name: 'dw/filter', shape: [3, 3, 4, 1], values: sequence(36) },
  { name: 'pw/filter', shape: [1, 1, 4, 6], values: sequence(24) },
  { name: 'pw/bias', shape: [6], values: sequence(6) },
  { name: 'mean/axes', shape: [2], dtype: 'int32', values: [1, 2] },
  { name: 'fc/w', shape: [6, 2], values: sequence(12) },
];

function graphModel(nodes: unknown[] = GRAPH_NODES, tensors: TensorSpec[] = GRAPH_TENSORS) {
  const { manifest, bytes } = makeWeights(tensors);
  return {
    json: { format: 'graph-model', modelTopology: { node: nodes }, weightsManifest: manifest },
    bytes,
  };
}

describe('readTfjs: graph model', () => {
  const { json, bytes } = graphModel();
  // Two shards split at an odd offset: tensors straddle shard boundaries and are misaligned.
  const net = readTfjs(json, [bytes.subarray(0, 13), bytes.subarray(13)], 'graph/model.json');

  it('emits conv, depthwise, fused conv and MatMul in dependency order', () => {
    expect(net.name).toBe('model');
    expect(net.layers.map((l) => [l.name, l.kind, l.shape, l.groups])).toEqual([
      ['conv', 'conv', [4, 3, 3, 3], 1],
      ['dw', 'depthwise', [4, 1, 3, 3], 4],
      ['pw', 'conv', [6, 4, 1, 1], 1],
      ['fc', 'dense', [2, 6, 1, 1], 1],
    ]);
  });

  it('folds Pad into the VALID conv and resolves SAME and EXPLICIT padding', () => {
    expect(net.layers.map((l) => [l.stride, l.padding, l.inputSize])).toEqual([
      [
        [2, 2],
        [1, 1, 1, 1],
        [9, 9],
      ],
      [
        [2, 2],
        [1, 1, 1, 1],
        [5, 5],
      ],
      [
        [1, 1],
        [1, 0, 0, 1],
        [3, 3],
      ],
      [
        [1, 1],
        [0, 0, 0, 0],
        [1, 1],
      ],
    ]);
  });

  it('reads kernels from the Const tensors and converts their layout', () => {
    const [conv, dw, , fc] = net.layers;
    // conv k=3, r=2, s=1, c=0 <- source ((2 * 3 + 1) * 3 + 0) * 4 + 3 = 87
    expect(conv!.weights[((3 * 3 + 2) * 3 + 1) * 3 + 0]).toBe(87);
    // depthwise channel 2, r=1, s=1 <- source (1 * 3 + 1) * 4 + 2 = 18
    expect(dw!.weights[2 * 9 + 4]).toBe(18);
    expect([...fc!.weights]).toEqual([0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11]);
  });

  it('says that a graph model does not record batch-norm folding', () => {
    expect(net.metadata.batchNormFolded).toBe(false);
    expect(net.metadata.notes).toEqual([
      'a graph model does not record whether batch norm was folded into the conv weights',
    ]);
  });

  it('takes the Placeholder size from options.inputSize when it is -1', () => {
    const open = GRAPH_NODES.map((n) =>
      n.name === 'input'
        ? node('input', 'Placeholder', [], {
            shape: { shape: { dim: [{ size: '-1' }, { size: '-1' }, { size: '-1' }, { size: '3' }] } },
          })
        : n,
    );
    const g = graphModel(open);
    const sized = readTfjs(g.json, [g.bytes], FILE, { inputSize: [9, 9] });
    expect(sized.layers.map((l) => l.inputSize)).toEqual([
      [9, 9],
      [5, 5],
      [3, 3],
      [1, 1],
    ]);
    const unsized = readTfjs(g.json, [g.bytes], FILE);
    expect(unsized.layers.map((l) => l.inputSize)).toEqual([null, null, null, [1, 1]]);
    expect(unsized.layers[1]!.padding).toEqual([0, 0, 0, 0]);
  });

  it('broadcasts elementwise inputs, so a squeeze-excite scale does not shrink the map', () => {
    const g = graphModel(
      [
        node('x', 'Placeholder', [], {
          shape: { shape: { dim: [{ size: '1' }, { size: '4' }, { size: '4' }, { size: '2' }] } },
        }),
        node('axes', 'Const'),
        node('se', 'Mean', ['x', 'axes'], { keep_dims: { b: true } }),
        node('scaled', 'Mul', ['se', 'x']),
        node('w', 'Const'),
        node('conv', 'Conv2D', ['scaled', 'w'], { strides: attrI([1, 1, 1, 1]), padding: attrS('SAME') }),
      ],
      [
        { name: 'axes', shape: [2], dtype: 'int32', values: [1, 2] },
        { name: 'w', shape: [1, 1, 2, 3], values: sequence(6) },
      ],
    );
    const [conv] = readTfjs(g.json, [g.bytes], FILE).layers;
    expect([conv?.shape, conv?.inputSize]).toEqual([
      [3, 2, 1, 1],
      [4, 4],
    ]);
  });

  it('keeps a MatMul with transpose_b weights as stored ([out, in])', () => {
    const g = graphModel(
      [
        node('x', 'Placeholder', [], { shape: { shape: { dim: [{ size: '-1' }, { size: '3' }] } } }),
        node('w', 'Const'),
        node('mm', 'MatMul', ['x', 'w'], { transpose_b: { b: true } }),
      ],
      [{ name: 'w', shape: [2, 3], values: sequence(6) }],
    );
    const [mm] = readTfjs(g.json, [g.bytes], FILE).layers;
    expect([mm?.shape, [...mm!.weights]]).toEqual([[2, 3, 1, 1], sequence(6)]);
  });
});

describe('readTfjs: bad input', () => {
  it('names the tensor a truncated shard cuts into', () => {
    const { json, bytes } = layersModel();
    const error = catchModelError(() => readTfjs(json, [bytes.subarray(0, bytes.length - 4)], FILE));
    expect(error.code).toBe('SWIS_ERR_MODEL_FORMAT');
    expect(error.message).toContain(FILE);
    expect(error.message).toContain('tensor fc/kernel');
  });

  it('rejects shards longer than the manifest declares', () => {
    const { json, bytes } = layersModel();
    const error = catchModelError(() => readTfjs(json, [bytes, new Uint8Array(4)], FILE));
    expect(error.code).toBe('SWIS_ERR_MODEL_FORMAT');
  });

  it('names a weight missing from the manifest and the layer wanting it', () => {
    const { json, bytes } = layersModel(
      LAYERS,
      LAYER_TENSORS.filter((t) => t.name !== 'b/kernel'),
    );
    const error = catchModelError(() => readTfjs(json, [bytes], FILE));
    expect(error.code).toBe('SWIS_ERR_MODEL_FORMAT');
    expect(error.message).toBe(`${FILE}, op b, tensor b/kernel: the weights manifest has no such tensor`);
  });

  it('names an unknown layer class and the layer', () => {
    const { json, bytes } = layersModel([...LAYERS, layer('LSTM', 'lstm_1', { units: 4 }, ['fc'])]);
    const error = catchModelError(() => readTfjs(json, [bytes], FILE));
    expect(error.code).toBe('SWIS_ERR_MODEL_OP');
    expect(error.message).toBe(`${FILE}, op lstm_1: unsupported layer class LSTM`);
  });

  it('names an unknown graph op and the node', () => {
    const { json, bytes } = graphModel([...GRAPH_NODES, node('weird', 'Conv3D', ['relu', 'conv/filter'])]);
    const error = catchModelError(() => readTfjs(json, [bytes], FILE));
    expect(error.code).toBe('SWIS_ERR_MODEL_OP');
    expect(error.message).toBe(`${FILE}, op weird: unsupported op Conv3D`);
  });

  it('names the tensor holding a NaN', () => {
    const values = sequence(54);
    values[5] = Number.NaN;
    const tensors = LAYER_TENSORS.map((t) => (t.name === 'conv/kernel' ? { ...t, values } : t));
    const { json, bytes } = layersModel(LAYERS, tensors);
    const error = catchModelError(() => readTfjs(json, [bytes], FILE));
    expect(error.code).toBe('SWIS_ERR_MODEL_WEIGHTS');
    expect(error.message).toContain(`${FILE}, op conv, tensor conv/kernel`);
  });

  it('refuses a huge declared shape before allocating', () => {
    const { json, bytes } = layersModel();
    const manifest = json.weightsManifest as { weights: { name: string; shape: number[] }[] }[];
    manifest[0]!.weights[5]!.shape = [100_000, 100_000];
    const error = catchModelError(() => readTfjs(json, [bytes], FILE));
    expect(error.code).toBe('SWIS_ERR_MODEL_LIMIT');
    expect(error.message).toContain(`${FILE}, tensor fc/kernel`);
  });

  it('applies maxWeights to the whole manifest', () => {
    const { json, bytes } = layersModel();
    const error = catchModelError(() => readTfjs(json, [bytes], FILE, { maxWeights: 200 }));
    expect(error.code).toBe('SWIS_ERR_MODEL_LIMIT');
    expect(error.message).toContain('tensor b/kernel');
  });

  it('checks a kernel against the layer config', () => {
    const wrong = LAYERS.map((l) =>
      l.name === 'a'
        ? layer('Conv2D', 'a', { filters: 7, kernel_size: 1, strides: 2, padding: 'same' }, ['dw'])
        : l,
    );
    const { json, bytes } = layersModel(wrong);
    const error = catchModelError(() => readTfjs(json, [bytes], FILE));
    expect(error.code).toBe('SWIS_ERR_MODEL_WEIGHTS');
    expect(error.message).toBe(`${FILE}, op a, tensor a/kernel: shape [1, 1, 6, 4] should be [1, 1, ?, 7]`);
  });

  it('rejects dilated convolutions, which a swis-core layer cannot express', () => {
    const dilated = LAYERS.map((l) =>
      l.name === 'b'
        ? layer('Conv2D', 'b', { filters: 4, kernel_size: 3, padding: 'same', dilation_rate: 2 }, ['dw'])
        : l,
    );
    const { json, bytes } = layersModel(dilated);
    expect(catchModelError(() => readTfjs(json, [bytes], FILE)).code).toBe('SWIS_ERR_MODEL_OP');
  });

  it('rejects JSON that is not a model', () => {
    expect(catchModelError(() => readTfjs([], [], FILE)).code).toBe('SWIS_ERR_MODEL_FORMAT');
    expect(catchModelError(() => readTfjs({ modelTopology: {} }, [], FILE)).code).toBe(
      'SWIS_ERR_MODEL_FORMAT',
    );
  });
});
