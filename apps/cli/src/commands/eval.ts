import { parseArgs } from 'node:util';
import { FashionEvaluator, retrainQuantized } from '@swis-dse/accuracy';
import { loadFashionMnist, stratifiedSplit } from '@swis-dse/datasets';
import { BUILTIN_MODELS } from '@swis-dse/models';
import { type QuantSpec, quantizeNetwork } from '@swis-dse/swis-core';
import { positiveInteger } from '../flags.js';
import { InputError } from '../input-error.js';
import { toJson } from '../json-output.js';
import { fixed, textTable } from '../text-table.js';
import { UsageError } from '../usage-error.js';
import type { CommandIo } from './command.js';
import { QUANTIZATION_OPTIONS, specFromFlags } from './quantize.js';

/** Help text of `swis eval`. */
export const EVAL_USAGE = `Usage: swis eval --model ID [options]

Top-1 accuracy of a built-in model with quantized weights on its evaluation set (fashion-mobilenet: the
10,000 Fashion-MNIST test images from Debian's dataset-fashion-mnist), run by ONNX Runtime.

Options:
  --model ID            a built-in model with an evaluation set (see 'swis models')
  --variant V           float | swis | swis-c | truncation | uniform | block-fp   (default swis)
  --bits N | --budget X shared magnitude bits per weight, or an average storage budget (not with float)
  --group G             weights per group (default 16)
  --base-bits B         base integer width, sign included (default 8)
  --scale S             per-filter | per-tensor   (default per-filter)
  --scale-method M      max | search   (default max)
  --retrain-epochs E    first fine-tune E epochs on the 60,000 training images with a straight-through
                        estimator onto the variant's representable set (default 0: post-training)
  --seed S              seed of the retraining's shuffling and flips (default 1)
  --train-samples N     retrain on a stratified subset of N training images (default all 60,000)
  --samples N           evaluate on a stratified subset of N test images (default all)
  --json                print one JSON object: accuracy (0..1), correct, samples and the settings`;

/** `swis eval`: quantizes (optionally retrains) a model and measures its accuracy. */
export async function evalCommand(argv: readonly string[], io: CommandIo): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      model: { type: 'string' },
      ...QUANTIZATION_OPTIONS,
      variant: { type: 'string', default: 'swis' },
      'retrain-epochs': { type: 'string', default: '0' },
      seed: { type: 'string', default: '1' },
      samples: { type: 'string' },
      'train-samples': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const model = requireEvaluableModel(values.model);
  const float = values.variant === 'float';
  if (float && (values.bits !== undefined || values.budget !== undefined)) {
    throw new UsageError('--variant float takes no --bits or --budget');
  }
  const spec = float ? undefined : specFromFlags(values);
  const epochs =
    values['retrain-epochs'] === '0' ? 0 : positiveInteger('--retrain-epochs', values['retrain-epochs']);
  if (float && epochs > 0) throw new UsageError('--retrain-epochs needs a quantized --variant');
  const seed = positiveInteger('--seed', values.seed);
  const samples = values.samples === undefined ? undefined : positiveInteger('--samples', values.samples);
  const trainSamples =
    values['train-samples'] === undefined
      ? undefined
      : positiveInteger('--train-samples', values['train-samples']);
  if (trainSamples !== undefined && epochs === 0)
    throw new UsageError('--train-samples needs --retrain-epochs');

  const started = performance.now();
  const evaluator = await FashionEvaluator.load(samples === undefined ? {} : { samples });
  const layers =
    spec === undefined
      ? evaluator.network.layers
      : await quantizedLayers(evaluator, spec, { epochs, seed, trainSamples });
  const result = await evaluator.accuracy(layers);
  const report = {
    model,
    evaluationSet: 'fashion-mnist-test',
    variant: float ? 'float' : spec!.variant,
    ...(spec === undefined ? {} : { quantization: spec }),
    retrainEpochs: epochs,
    ...(epochs > 0 ? { trainSamples: trainSamples ?? 60_000 } : {}),
    accuracy: result.accuracy,
    correct: result.correct,
    samples: result.samples,
    timeMs: Math.round(performance.now() - started),
  };
  io.stdout(
    values.json
      ? toJson(report)
      : textTable(
          ['model', 'variant', 'bits', 'group', 'retrain epochs', 'accuracy', 'samples'],
          [
            [
              model,
              report.variant,
              spec?.bits ?? spec?.budget ?? '-',
              spec?.groupSize ?? '-',
              epochs,
              fixed(result.accuracy * 100, 2),
              result.samples,
            ],
          ],
        ),
  );
}

function requireEvaluableModel(id: string | undefined): string {
  const evaluable = BUILTIN_MODELS.filter((m) => m.evaluationSet !== undefined).map((m) => m.id);
  if (id === undefined)
    throw new UsageError(`--model is required (models with an evaluation set: ${evaluable.join(', ')})`);
  if (!evaluable.includes(id)) {
    throw new InputError(`--model ${id}: has no evaluation set; models with one: ${evaluable.join(', ')}`);
  }
  return id;
}

async function quantizedLayers(
  evaluator: FashionEvaluator,
  spec: QuantSpec,
  retrain: { epochs: number; seed: number; trainSamples: number | undefined },
) {
  if (retrain.epochs === 0) return quantizeNetwork(evaluator.network, spec).layers;
  const full = await loadFashionMnist('train');
  const trainSet =
    retrain.trainSamples === undefined || retrain.trainSamples >= full.count
      ? full
      : stratifiedSplit(full, retrain.trainSamples, retrain.seed).heldOut;
  return retrainQuantized(evaluator.state, trainSet, spec, { epochs: retrain.epochs, seed: retrain.seed })
    .network.layers;
}
