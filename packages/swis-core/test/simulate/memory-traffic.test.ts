import { describe, expect, it } from 'vitest';
import { DATAFLOWS, type DataflowId, gemmOfLayer, type Layer, layerTraffic } from '../../src/index.js';

// A 1x1 conv: 4x4 input of 8 channels, 4 filters -> M = 16, N = 4, K = 8. At 4 bits per weight the
// weights are 32 x 4 / 8 = 16 bytes; the input map 4 x 4 x 8 = 128 bytes; the output 16 x 4 = 64 bytes.
const pointwise: Layer = {
  name: 'pw',
  kind: 'conv',
  shape: [4, 8, 1, 1],
  groups: 1,
  stride: [1, 1],
  padding: [0, 0, 0, 0],
  inputSize: [4, 4],
  weights: new Float32Array(32),
};

function traffic(
  layer: Layer,
  dataflow: DataflowId,
  sramBytes: number,
  bits = 4,
  mapping: 'per-channel' | 'channels-as-filters' = 'per-channel',
) {
  const gemm = gemmOfLayer(layer, mapping);
  const array = { rows: 4, cols: 2 };
  const layout = DATAFLOWS[dataflow].foldLayout(gemm.gemm, array);
  return layerTraffic(layer, gemm, layout, bits, { ...array, sramBytes });
}

describe('layerTraffic', () => {
  it('fetches everything once when each operand fits its third of the buffer', () => {
    // os on 4x2: 4 row folds (pixels) x 2 column folds (filters). DRAM 16 + 128 + 64 = 208. The array
    // reads the weights once per pixel fold (16 x 4) and the im2col activations once per filter fold
    // (16 x 8 x 2); outputs 64; no reduction folds; DRAM fills 208: 64 + 256 + 64 + 208 = 592.
    expect(traffic(pointwise, 'os', 3000)).toEqual({
      dramBytes: 208,
      weightDramBytes: 16,
      activationDramBytes: 192,
      sramBytes: 592,
    });
  });

  it('re-fetches inputs per filter fold and weights per pixel fold when they do not fit', () => {
    // Share 20: weights (16) fit, inputs (128) come twice: 16 + 256 + 64 = 336.
    expect(traffic(pointwise, 'os', 60).dramBytes).toBe(336);
    // Share 10: weights come once per pixel fold too: 64 + 256 + 64 = 384.
    expect(traffic(pointwise, 'os', 30)).toMatchObject({ dramBytes: 384, weightDramBytes: 64 });
  });

  it('ws holds each weight once and spills 32-bit partial sums between reduction folds', () => {
    // ws on 4x2: K = 8 over 4 rows -> 2 reduction folds; N over 2 columns -> 2. Weights stream once, so
    // even a share of 10 bytes fetches them once: 16 + 128 x 2 + 64 = 336. On chip: 16 + 16 x 8 x 2 array
    // reads, 64 outputs, 2 x 4 bytes x 16 x 4 partial sums for the extra fold, plus the DRAM fills.
    expect(traffic(pointwise, 'ws', 30).dramBytes).toBe(336);
    expect(traffic(pointwise, 'ws', 3000).sramBytes).toBe(16 + 256 + 64 + 512 + 208);
  });

  it('counts a depthwise layer channel by channel', () => {
    // 3 channels of a 3x3 kernel on a 4x4 input: per channel M = 4, N = 1, K = 9; 8-bit weights 9 bytes,
    // input 16, output 4 -> 29 bytes, x 3 channels = 87.
    const depthwise: Layer = {
      ...pointwise,
      kind: 'depthwise',
      shape: [3, 1, 3, 3],
      groups: 3,
      weights: new Float32Array(27),
    };
    expect(traffic(depthwise, 'os', 3000, 8)).toMatchObject({ dramBytes: 87, weightDramBytes: 27 });
  });

  it('counts a depthwise layer mapped channels-as-filters the same, each channel streamed once', () => {
    // per-channel, per channel: weights 9 read once, im2col 4 x 9 once, outputs 4, DRAM fills 29 -> 78;
    // x 3 = 234. As filters (N = 3 over 2 columns): weights 27, im2col 4 x 9 per channel = 108, outputs
    // 12, fills 87 -> 234: the column folds do not re-read inputs, since each column has its own.
    const depthwise: Layer = {
      ...pointwise,
      kind: 'depthwise',
      shape: [3, 1, 3, 3],
      groups: 3,
      weights: new Float32Array(27),
    };
    const perChannel = traffic(depthwise, 'os', 3000, 8);
    expect(perChannel.sramBytes).toBe(234);
    expect(traffic(depthwise, 'os', 3000, 8, 'channels-as-filters')).toEqual(perChannel);
    // A buffer too small for the 48-byte input map still fetches it once as filters.
    expect(traffic(depthwise, 'os', 60, 8, 'channels-as-filters').dramBytes).toBe(87);
  });
});
