import type { ScaleGranularity, ScaleMethod } from '../spec/quant-spec.js';
import { createScratch, type Scratch, type Variant } from './variants/variant.js';

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

export function createLayerContext(fields: Omit<LayerContext, 'scratch' | 'filters'>): LayerContext {
  return {
    ...fields,
    filters: fields.weights.length / fields.length,
    scratch: createScratch(fields.groupSize),
  };
}
