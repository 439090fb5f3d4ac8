import { filterLength, type Network } from '../spec/network.js';
import { parseQuantSpec, type QuantSpec, type QuantSpecInput } from '../spec/quant-spec.js';
import { allocateBits, type BudgetLayer } from './bit-budget.js';
import { encodeLayer, measureFilterErrors } from './encode-layer.js';
import type { EncodedLayer } from './encoded-layer.js';
import { combineErrorStats, type ErrorStats } from './error-metrics.js';
import { forgetKernelWeights } from './kernel/shift-set-kernel.js';
import { createLayerContext, type LayerContext } from './layer-context.js';
import { chooseSteps } from './scales.js';
import { VARIANTS } from './variants/index.js';

/** Bits of one stored scale (a float32 step per filter, or one per tensor). */
export const SCALE_BITS = 32;
const MIN_BITS = 1;

/** Storage accounting of a layer or network, in bits per weight. */
export interface StorageStats {
  /** Signs, bit planes and per-group metadata (shift indices or exponents), as SWIS.md counts storage. */
  readonly bitsPerWeight: number;
  /** The float32 quantization steps (per filter or per tensor), reported separately. */
  readonly scaleBitsPerWeight: number;
  /** Mean N over weights. */
  readonly meanBits: number;
  /** Number of filters at each N. */
  readonly bitsHistogram: Readonly<Record<number, number>>;
}

export interface LayerQuantization extends ErrorStats, StorageStats {
  readonly name: string;
  readonly filters: number;
  /** The reconstructed weights, equal to decodeLayer(code). */
  readonly weights: Float32Array;
  readonly code: EncodedLayer;
}

export interface NetworkQuantization extends ErrorStats, StorageStats {
  readonly spec: QuantSpec;
  readonly layers: readonly LayerQuantization[];
}

export interface QuantizeOptions {
  /** Checked between layers; aborting throws the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called after each unit of work with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Quantizes every layer of a network with one variant: a fixed N for every filter (`bits`), or N per filter
 * spent greedily from an average budget of storage bits per weight (`budget`). Groups are cut per filter in
 * reduction order; each variant's search is exact. Returns reconstructed weights, the encoded form and the
 * error and storage statistics per layer and in total.
 * Throws InvalidInputError for a bad spec and InfeasibleBudgetError for a budget below the N = 1 cost.
 */
export function quantizeNetwork(
  network: Network,
  specInput: QuantSpecInput,
  options: QuantizeOptions = {},
): NetworkQuantization {
  const spec = parseQuantSpec(specInput);
  const magnitudeBits = spec.baseBits - 1;
  const contexts = network.layers.map((layer) =>
    createLayerContext({
      weights: layer.weights,
      length: filterLength(layer),
      variant: VARIANTS[spec.variant],
      groupSize: spec.groupSize,
      magnitudeBits,
      scale: spec.scale,
      scaleMethod: spec.scaleMethod,
    }),
  );
  forgetKernelWeights();
  try {
    const layers =
      spec.bits !== undefined
        ? fixedBitLayers(network, contexts, spec.bits, options)
        : budgetLayers(network, contexts, spec.budget!, options);
    return { spec, layers, ...combineErrorStats(layers), ...combineStorage(layers) };
  } finally {
    forgetKernelWeights();
  }
}

interface LayerPlan {
  readonly bits: Uint8Array;
  readonly steps: Float32Array;
}

/** Each layer planned and encoded in turn, so its weights are uploaded to the kernel once. */
function fixedBitLayers(
  network: Network,
  contexts: readonly LayerContext[],
  bits: number,
  options: QuantizeOptions,
): LayerQuantization[] {
  return contexts.map((ctx, i) => {
    options.signal?.throwIfAborted();
    const filterBits = new Uint8Array(ctx.filters).fill(bits);
    const layer = quantizeLayer(network.layers[i]!.name, ctx, {
      bits: filterBits,
      steps: chooseSteps(ctx, filterBits),
    });
    options.onProgress?.(i + 1, contexts.length);
    return layer;
  });
}

/** Every layer measured at every N, the budget spent greedily over all filters, then each layer encoded. */
function budgetLayers(
  network: Network,
  contexts: readonly LayerContext[],
  budget: number,
  options: QuantizeOptions,
): LayerQuantization[] {
  const levels = contexts[0]!.magnitudeBits - MIN_BITS + 1;
  let done = 0;
  const candidates = contexts.map((ctx) =>
    Array.from({ length: levels }, (_, level) => {
      options.signal?.throwIfAborted();
      const bits = new Uint8Array(ctx.filters).fill(MIN_BITS + level);
      const steps = chooseSteps(ctx, bits);
      const errors = measureFilterErrors(ctx, bits, steps);
      options.onProgress?.(++done, contexts.length * levels);
      return { steps, errors };
    }),
  );
  const budgetInputs: BudgetLayer[] = contexts.map((ctx, i) => ({
    errors: candidates[i]!.map((c) => c.errors),
    storageBits: candidates[i]!.map((_, level) =>
      ctx.variant.storageBits(ctx.length, MIN_BITS + level, ctx.groupSize, ctx.magnitudeBits),
    ),
    filters: ctx.filters,
    weightCount: ctx.weights.length,
  }));
  return allocateBits(budgetInputs, budget, MIN_BITS).map((bits, i) => {
    options.signal?.throwIfAborted();
    const steps = Float32Array.from(bits, (n, f) => candidates[i]![n - MIN_BITS]!.steps[f]!);
    return quantizeLayer(network.layers[i]!.name, contexts[i]!, { bits, steps });
  });
}

function quantizeLayer(name: string, ctx: LayerContext, plan: LayerPlan): LayerQuantization {
  const { code, reconstruction: weights, stats } = encodeLayer(ctx, plan.bits, plan.steps);
  let storageBits = 0;
  let bitSum = 0;
  const histogram: Record<number, number> = {};
  for (const n of plan.bits) {
    storageBits += ctx.variant.storageBits(ctx.length, n, ctx.groupSize, ctx.magnitudeBits);
    bitSum += n;
    histogram[n] = (histogram[n] ?? 0) + 1;
  }
  const count = ctx.weights.length;
  const scaleCount = !ctx.variant.scaled ? 0 : ctx.scale === 'per-filter' ? ctx.filters : 1;
  return {
    name,
    filters: ctx.filters,
    weights,
    code,
    ...stats,
    bitsPerWeight: storageBits / count,
    scaleBitsPerWeight: (scaleCount * SCALE_BITS) / count,
    meanBits: bitSum / ctx.filters,
    bitsHistogram: histogram,
  };
}

function combineStorage(layers: readonly LayerQuantization[]): StorageStats {
  const weights = layers.reduce((n, l) => n + l.weightCount, 0);
  const weighted = (pick: (l: LayerQuantization) => number): number =>
    layers.reduce((sum, l) => sum + pick(l) * l.weightCount, 0) / weights;
  const histogram: Record<number, number> = {};
  for (const l of layers) {
    for (const [n, count] of Object.entries(l.bitsHistogram))
      histogram[Number(n)] = (histogram[Number(n)] ?? 0) + count;
  }
  return {
    bitsPerWeight: weighted((l) => l.bitsPerWeight),
    scaleBitsPerWeight: weighted((l) => l.scaleBitsPerWeight),
    meanBits: weighted((l) => l.meanBits),
    bitsHistogram: histogram,
  };
}
