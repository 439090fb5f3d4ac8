import type { VariantId } from '../../spec/quant-spec.js';
import type { CodeSink } from '../code-writer.js';
import { type ErrorStats, errorStats } from '../error-metrics.js';
import type { LayerContext } from '../layer-context.js';

/** One filter to quantize: its weights are `weights[filter * length .. (filter + 1) * length)`. */
export interface FilterJob {
  readonly weights: Float32Array;
  readonly filter: number;
  readonly length: number;
  /** N, the kept magnitude bits. */
  readonly bits: number;
  /** Quantization step (weight units per code unit); ignored by scale-free variants. */
  readonly step: number;
  readonly groupSize: number;
  /** M = B - 1, the magnitude bit positions of the base format. */
  readonly magnitudeBits: number;
}

/** Per-layer reusable buffers for writing one group, so quantizing allocates nothing per weight. */
export interface Scratch {
  /** Each lane's chosen bit pattern, in lane order. */
  readonly pattern: Int32Array;
  /** Each lane's chosen magnitude in code units, in lane order. */
  readonly level: Float64Array;
}

export function createScratch(groupSize: number): Scratch {
  return { pattern: new Int32Array(groupSize), level: new Float64Array(groupSize) };
}

/** A weight representation: how it scales, what it costs to store, and how it quantizes filters. */
export interface Variant {
  readonly id: VariantId;
  /** False for formats that carry their own per-group exponent and ignore the per-filter/per-tensor step. */
  readonly scaled: boolean;
  /** The step that maps the largest magnitude `maxAbs` onto the largest code. */
  maxStep(maxAbs: number, bits: number, magnitudeBits: number): number;
  /** Bits to store one filter of `length` weights: sign, N bit planes and per-group metadata (no scale). */
  storageBits(length: number, bits: number, groupSize: number, magnitudeBits: number): number;
  /** Squared errors (weight units) of filters [start, end), each at its N and step, writing nothing. */
  measureFilters(
    ctx: LayerContext,
    start: number,
    end: number,
    bits: Uint8Array,
    steps: Float32Array,
  ): Float64Array;
  /** Encodes every filter of the layer into `sink`; returns each filter's squared error and the statistics of the reconstruction. */
  encodeFilters(ctx: LayerContext, bits: Uint8Array, steps: Float32Array, sink: CodeSink): LayerEncoding;
}

/** What encoding a layer measured: the search's error per filter (weight units) and the float32 reconstruction's error. */
export interface LayerEncoding {
  readonly filterErrors: Float64Array;
  readonly stats: ErrorStats;
}

/** The parts of a variant that quantizes one filter at a time in TypeScript. */
export type PerFilterVariant = Omit<Variant, 'measureFilters' | 'encodeFilters'> & {
  /** Quantizes one filter and returns its squared error in weight units; writes its code into `sink` if given. */
  quantizeFilter(job: FilterJob, scratch: Scratch, sink: CodeSink | null): number;
};

/** Builds a Variant from a per-filter quantizer. */
export function perFilterVariant(definition: PerFilterVariant): Variant {
  const { quantizeFilter, ...rest } = definition;
  const run = (
    ctx: LayerContext,
    start: number,
    end: number,
    bits: Uint8Array,
    steps: Float32Array,
    sink: CodeSink | null,
  ) => {
    const errors = new Float64Array(end - start);
    for (let f = start; f < end; f++) {
      const job = {
        weights: ctx.weights,
        filter: f,
        length: ctx.length,
        bits: bits[f]!,
        step: steps[f]!,
        groupSize: ctx.groupSize,
        magnitudeBits: ctx.magnitudeBits,
      };
      errors[f - start] = quantizeFilter(job, ctx.scratch, sink);
    }
    return errors;
  };
  return {
    ...rest,
    measureFilters: (ctx, start, end, bits, steps) => run(ctx, start, end, bits, steps, null),
    encodeFilters: (ctx, bits, steps, sink) => ({
      filterErrors: run(ctx, 0, ctx.filters, bits, steps, sink),
      stats: errorStats(ctx.weights, sink.reconstruction),
    }),
  };
}
