import type { VariantId } from '../../spec/quant-spec.js';
import type { CodeSink } from '../code-writer.js';

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

/** Per-layer reusable buffers, so quantizing allocates nothing per weight or per group. */
export interface Scratch {
  /** Magnitudes of the current group in step units. */
  readonly x: Float64Array;
  /** Each magnitude's half cell times the number of candidate sets (a row index into the tables). */
  readonly cell: Int32Array;
  /** Lower bound on the group error per candidate shift set. */
  readonly lower: Float64Array;
  /** Each lane's chosen bit pattern, in lane order, for writing. */
  readonly pattern: Int32Array;
  /** Each lane's chosen magnitude in code units, in lane order, for writing. */
  readonly level: Float64Array;
  /** Each lane's table row (half cell times set count), in lane order. */
  readonly row: Int32Array;
  /** Error of the last group searched, in step units squared. */
  error: number;
}

export function createScratch(groupSize: number, candidates: number): Scratch {
  return {
    x: new Float64Array(groupSize),
    cell: new Int32Array(groupSize),
    lower: new Float64Array(Math.max(1, candidates)),
    pattern: new Int32Array(groupSize),
    level: new Float64Array(groupSize),
    row: new Int32Array(groupSize),
    error: 0,
  };
}

/** A weight representation: how it scales, what it costs to store, and how it quantizes a filter. */
export interface Variant {
  readonly id: VariantId;
  /** False for formats that carry their own per-group exponent and ignore the per-filter/per-tensor step. */
  readonly scaled: boolean;
  /** The step that maps the largest magnitude `maxAbs` onto the largest code. */
  maxStep(maxAbs: number, bits: number, magnitudeBits: number): number;
  /** Bits to store one filter of `length` weights: sign, N bit planes and per-group metadata (no scale). */
  storageBits(length: number, bits: number, groupSize: number, magnitudeBits: number): number;
  /** Most candidates a group search compares, to size the scratch. */
  candidates(bits: number, magnitudeBits: number): number;
  /** Quantizes one filter and returns its squared error in weight units; writes its code into `sink` if given. */
  quantizeFilter(job: FilterJob, scratch: Scratch, sink: CodeSink | null): number;
}
