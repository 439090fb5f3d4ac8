import { type InputIssue, InvalidInputError } from '../errors.js';
import type { Layer, Network } from '../spec/network.js';
import type { DepthwiseMapping } from '../spec/simulation-options.js';

/** A matrix multiply (M x K) x (K x N), the shape a systolic array executes. All three are positive integers. */
export interface Gemm {
  /** Output pixels (batch 1): rows of the activation matrix. */
  readonly m: number;
  /** Filters (output channels): columns of the weight matrix. */
  readonly n: number;
  /** Reduction length: input channels x kernel rows x kernel columns. */
  readonly k: number;
}

/** A layer in the GEMM view: `groups` independent copies of `gemm`, run one after another. */
export interface LayerGemm {
  readonly layerName: string;
  /** One group's GEMM. */
  readonly gemm: Gemm;
  /**
   * Independent GEMMs in the layer: 1 for dense and plain conv, the channel count for a depthwise layer
   * mapped per channel.
   */
  readonly groups: number;
  /** Channels of the input feature map one GEMM reads: C / groups, or C for channels-as-filters. */
  readonly inputChannels: number;
  /**
   * True for a depthwise layer mapped channels-as-filters: the GEMM's columns read different channels, so
   * they do not share an input stream.
   */
  readonly channelsAsFilters: boolean;
  /** [height, width] of the output feature map in pixels. */
  readonly outputSize: readonly [number, number];
  /** Useful multiply-accumulates of the whole layer: groups x M x N x K. */
  readonly macs: number;
}

/**
 * The GEMM view of one layer (batch 1): M = Ho x Wo output pixels, N = filters per group, K = C x R x S
 * with C the input channels one filter sees.
 *
 * A grouped layer becomes `groups` independent GEMMs of N = filters / groups run back to back; a depthwise
 * layer is the case of one group per channel (N = channel multiplier, K = R x S). This is how SCALE-Sim
 * simulates depthwise layers (topology_utils.load_arrays_conv splits a "DP" layer into one single-channel
 * layer per channel), so its cycle model applies per group. It is pessimistic for hardware that maps several
 * channels onto the array at once, which `depthwiseMapping` 'channels-as-filters' models instead: a depthwise
 * layer becomes one GEMM with N = all its filters, K = R x S (see DepthwiseMappingSchema). Other grouped
 * layers always run group by group.
 *
 * Output size is the framework convention, floor((H + padTop + padBottom - R) / strideH) + 1 and likewise
 * for the width. SCALE-Sim has no padding (callers pre-pad the input) and computes
 * ceil((H - R + stride) / stride), one pixel more when the stride does not divide H - R.
 *
 * @throws InvalidInputError naming the layer when its input size is unknown (null), the padded input is
 *   smaller than the kernel, or `groups` does not divide the filter count.
 */
export function gemmOfLayer(layer: Layer, depthwiseMapping: DepthwiseMapping = 'per-channel'): LayerGemm {
  const result = layerGemm(layer, depthwiseMapping);
  if (Array.isArray(result)) throw new InvalidInputError(`invalid layer "${layer.name}"`, result);
  return result;
}

/**
 * The GEMM view of every layer, in order (see gemmOfLayer).
 * @throws InvalidInputError listing every layer that has no GEMM view, with paths layers.<index>.<field>.
 */
export function gemmsOfNetwork(
  network: Network,
  depthwiseMapping: DepthwiseMapping = 'per-channel',
): readonly LayerGemm[] {
  const gemms: LayerGemm[] = [];
  const issues: InputIssue[] = [];
  network.layers.forEach((layer, index) => {
    const result = layerGemm(layer, depthwiseMapping);
    if (!Array.isArray(result)) {
      gemms.push(result);
      return;
    }
    for (const issue of result) {
      issues.push({
        path: ['layers', index, ...issue.path],
        message: `(layer "${layer.name}") ${issue.message}`,
      });
    }
  });
  if (issues.length > 0) throw new InvalidInputError(`invalid network "${network.name}"`, issues);
  return gemms;
}

function layerGemm(layer: Layer, depthwiseMapping: DepthwiseMapping): LayerGemm | InputIssue[] {
  const [filters, channels, kernelRows, kernelCols] = layer.shape;
  const issues: InputIssue[] = [];
  if (filters % layer.groups !== 0) {
    issues.push({ path: ['groups'], message: `${layer.groups} groups do not divide the ${filters} filters` });
  }
  if (layer.inputSize === null) {
    issues.push({
      path: ['inputSize'],
      message: 'is unknown (null); the output size, hence M, needs the input height and width',
    });
    return issues;
  }
  const [top, left, bottom, right] = layer.padding;
  const paddedRows = layer.inputSize[0] + top + bottom;
  const paddedCols = layer.inputSize[1] + left + right;
  if (paddedRows < kernelRows || paddedCols < kernelCols) {
    issues.push({
      path: ['inputSize'],
      message: `padded input ${paddedRows}x${paddedCols} is smaller than the ${kernelRows}x${kernelCols} kernel`,
    });
  }
  if (issues.length > 0) return issues;

  const outputSize = [
    Math.floor((paddedRows - kernelRows) / layer.stride[0]) + 1,
    Math.floor((paddedCols - kernelCols) / layer.stride[1]) + 1,
  ] as const;
  const channelsAsFilters = layer.kind === 'depthwise' && depthwiseMapping === 'channels-as-filters';
  const groups = channelsAsFilters ? 1 : layer.groups;
  const gemm = {
    m: outputSize[0] * outputSize[1],
    n: filters / groups,
    k: channels * kernelRows * kernelCols,
  };
  return {
    layerName: layer.name,
    gemm,
    groups,
    inputChannels: (channels * layer.groups) / groups,
    channelsAsFilters,
    outputSize,
    macs: groups * gemm.m * gemm.n * gemm.k,
  };
}
