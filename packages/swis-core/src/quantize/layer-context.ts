import type { ScaleGranularity, ScaleMethod } from '../spec/quant-spec.js';
import { createScratch, type FilterJob, type Scratch, type Variant } from './variants/variant.js';

/** Everything fixed while quantizing one layer, plus its reusable scratch buffers. */
export interface LayerContext {
  readonly weights: Float32Array;
  readonly filters: number;
  readonly length: number;
  readonly variant: Variant;
  readonly groupSize: number;
  readonly magnitudeBits: number;
  readonly scale: ScaleGranularity;
  readonly scaleMethod: ScaleMethod;
  readonly scratch: Scratch;
}

export function createLayerContext(
  fields: Omit<LayerContext, 'scratch' | 'filters'>,
  maxBits: number,
): LayerContext {
  let candidates = 1;
  for (let n = 1; n <= maxBits; n++)
    candidates = Math.max(candidates, fields.variant.candidates(n, fields.magnitudeBits));
  return {
    ...fields,
    filters: fields.weights.length / fields.length,
    scratch: createScratch(fields.groupSize, candidates),
  };
}

/** The job for filter f at N bits and the given step. */
export function filterJob(ctx: LayerContext, filter: number, bits: number, step: number): FilterJob {
  return {
    weights: ctx.weights,
    filter,
    length: ctx.length,
    bits,
    step,
    groupSize: ctx.groupSize,
    magnitudeBits: ctx.magnitudeBits,
  };
}
