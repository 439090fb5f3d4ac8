import { type FashionEvaluator, retrainQuantized } from '@swis-dse/accuracy';
import type { LabeledImages } from '@swis-dse/datasets';
import { quantizeNetwork, type VariantId } from '@swis-dse/swis-core';

export interface RetrainRow {
  readonly variant: VariantId;
  readonly bits: number;
  readonly group: number;
  readonly epochs: number;
  /** Accuracy straight after quantization, before fine-tuning. */
  readonly postTraining: number;
  readonly retrained: number;
  readonly seconds: number;
}

/**
 * Fine-tunes the float network with a straight-through estimator onto one variant's representable set for
 * `epochs` epochs (every variant gets the same), then measures the accuracy of the projected weights.
 */
export async function retrainRow(
  evaluator: FashionEvaluator,
  trainSet: LabeledImages,
  spec: { variant: VariantId; bits: number; groupSize: number },
  epochs: number,
  log: (line: string) => void,
): Promise<RetrainRow> {
  const started = performance.now();
  const ptq = quantizeNetwork(evaluator.network, spec);
  const before = await evaluator.accuracy(ptq.layers);
  const { network } = retrainQuantized(evaluator.state, trainSet, spec, {
    epochs,
    onEpoch: (e) =>
      log(
        `  ${spec.variant} N=${spec.bits}: epoch ${e.epoch} loss ${e.loss.toFixed(4)} train ${e.trainAccuracy.toFixed(4)} (${e.seconds.toFixed(0)} s)`,
      ),
  });
  const after = await evaluator.accuracy(network.layers);
  return {
    variant: spec.variant,
    bits: spec.bits,
    group: spec.groupSize,
    epochs,
    postTraining: before.accuracy,
    retrained: after.accuracy,
    seconds: (performance.now() - started) / 1000,
  };
}
