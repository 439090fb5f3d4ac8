import type { Hardware } from '../spec/hardware.js';
import type { Layer } from '../spec/network.js';
import type { FoldLayout } from './dataflows/dataflow.js';
import type { LayerGemm } from './workload.js';

/** Bytes of a 32-bit partial sum spilled to the global buffer between reduction folds. */
const PARTIAL_SUM_BYTES = 4;

/** Bytes one layer moves, by memory level. */
export interface LayerTraffic {
  /** Off-chip traffic: weights, input and output feature maps. */
  readonly dramBytes: number;
  readonly weightDramBytes: number;
  readonly activationDramBytes: number;
  /** Global-buffer traffic: operands read into the array, partial sums, and the DRAM fills written in. */
  readonly sramBytes: number;
}

/**
 * The tiling reuse model. The global buffer is split in three equal shares (inputs, weights, outputs, as
 * SCALE-Sim's default config). Per GEMM group (one per depthwise channel):
 * - weights (at `weightBitsPerWeight`, metadata included) come from DRAM once when they fit their share;
 *   otherwise once per fold along m, the folds that stream the weights over the array again (os: row
 *   folds, is: column folds, ws: once, as it holds each weight in a PE for the whole of m);
 * - input activations (8-bit, the unpadded input map) likewise once when they fit, otherwise once per fold
 *   along n (os, ws: column folds; is: once); a depthwise layer mapped channels-as-filters fetches them once
 *   either way, since each column fold reads only its own channels;
 * - outputs (8-bit) are written once; partial sums between reduction folds stay on chip.
 * The array reads its operands from the buffer once per fold that needs them: weights once per fold along
 * m, activations in im2col form (M x K bytes) once per fold along n (channels-as-filters: once per channel,
 * each column reading its own), and writes each output once plus
 * 2 x 4 bytes (write and read back) per extra fold along k.
 */
export function layerTraffic(
  layer: Layer,
  gemm: LayerGemm,
  layout: FoldLayout,
  weightBitsPerWeight: number,
  hardware: Pick<Hardware, 'sramBytes' | 'rows' | 'cols'>,
): LayerTraffic {
  const { m, n, k } = gemm.gemm;
  const foldsAlong = (axis: 'm' | 'n' | 'k') => {
    if (layout.rowAxis === axis) return layout.rowFolds;
    if (layout.colAxis === axis) return layout.colFolds;
    return 1;
  };
  const share = hardware.sramBytes / 3;
  // Weights are stored packed, so a layer's weights take whole bytes only at its end.
  const weightBytes = Math.ceil((n * k * weightBitsPerWeight) / 8);
  // gemmOfLayer has already rejected layers whose input size is unknown.
  const [height, width] = layer.inputSize!;
  const inputBytes = height * width * gemm.inputChannels;
  const outputBytes = m * n;
  const weightDram = weightBytes * (weightBytes <= share ? 1 : foldsAlong('m'));
  const inputDram = inputBytes * (inputBytes <= share || gemm.channelsAsFilters ? 1 : foldsAlong('n'));
  const dram = weightDram + inputDram + outputBytes;
  const partialSums = 2 * PARTIAL_SUM_BYTES * m * n * (foldsAlong('k') - 1);
  const activationStreams = gemm.channelsAsFilters ? gemm.inputChannels : foldsAlong('n');
  const arrayReads = weightBytes * foldsAlong('m') + m * k * activationStreams;
  const groups = gemm.groups;
  return {
    dramBytes: groups * dram,
    weightDramBytes: groups * weightDram,
    activationDramBytes: groups * (inputDram + outputBytes),
    sramBytes: groups * (arrayReads + outputBytes + partialSums + dram),
  };
}
