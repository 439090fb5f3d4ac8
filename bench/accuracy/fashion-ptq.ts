import type { FashionEvaluator } from '@swis-dse/accuracy';
import { type QuantSpecInput, quantizeNetwork, type VariantId } from '@swis-dse/swis-core';

/** One post-training point: a quantization of fashion-mobilenet and its measured accuracy. */
export interface PtqRow {
  readonly variant: VariantId | 'float';
  readonly bits?: number;
  readonly budget?: number;
  readonly group?: number;
  readonly bitsPerWeight: number;
  readonly accuracy: number;
  readonly samples: number;
  /** Wall time of quantizing and evaluating the point. */
  readonly seconds: number;
}

/** The float network's accuracy (32 bits per weight). */
export async function floatRow(evaluator: FashionEvaluator): Promise<PtqRow> {
  const started = performance.now();
  const { accuracy, samples } = await evaluator.accuracy();
  return {
    variant: 'float',
    bitsPerWeight: 32,
    accuracy,
    samples,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Quantizes the float network with `spec` and measures the accuracy of the reconstructed weights. */
export async function ptqRow(evaluator: FashionEvaluator, spec: QuantSpecInput): Promise<PtqRow> {
  const started = performance.now();
  const quantized = quantizeNetwork(evaluator.network, spec);
  const { accuracy, samples } = await evaluator.accuracy(quantized.layers);
  return {
    variant: spec.variant,
    ...(spec.bits === undefined ? {} : { bits: spec.bits }),
    ...(spec.budget === undefined ? {} : { budget: spec.budget }),
    group: spec.groupSize ?? 16,
    bitsPerWeight: quantized.bitsPerWeight,
    accuracy,
    samples,
    seconds: (performance.now() - started) / 1000,
  };
}
