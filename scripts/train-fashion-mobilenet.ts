// Trains fashion-mobilenet on Fashion-MNIST from a fixed seed and writes its batch-norm-folded weights and a
// log. Deterministic: the same seed and data give the same weights (single-threaded kernels, seeded PRNGs).
//   npm run train:fashion [-- --epochs 15 --seed 1]
import { appendFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadFashionMnist, stratifiedSplit, subset } from '@swis-dse/datasets';
import { FASHION_MOBILENET_CHECKPOINT, FASHION_MOBILENET_LOG, writeCheckpoint } from '@swis-dse/models';
import { evaluate, FASHION_MOBILENET, foldBatchNorm, initialState, Model, train } from '@swis-dse/nn';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '15' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: FASHION_MOBILENET_CHECKPOINT },
    log: { type: 'string', default: FASHION_MOBILENET_LOG },
    /** Train on only the first N training images (a quick check of the script, not a real run). */
    limit: { type: 'string' },
  },
});
const epochs = Number(values.epochs);
const seed = Number(values.seed);
const hyper = { batch: 128, learningRate: 2e-3, weightDecay: 0.02, flip: true, validation: 5000 };

const log = (line: string) => {
  console.log(line);
  appendFileSync(values.log, `${line}\n`);
};
writeFileSync(values.log, '');
log(`# fashion-mobilenet training: ${new Date().toISOString()}, node ${process.version}`);
log(`# epochs ${epochs}, seed ${seed}, ${JSON.stringify(hyper)}`);

const full = await loadFashionMnist('train');
const test = await loadFashionMnist('test');
const split = stratifiedSplit(full, hyper.validation, seed);
const { heldOut: validation } = split;
const trainSet =
  values.limit === undefined ? split.rest : subset(split.rest, [...Array(Number(values.limit)).keys()]);
log(
  `# data: ${trainSet.count} training, ${validation.count} validation (stratified, seed ${seed}), ${test.count} test`,
);

const model = Model.create(FASHION_MOBILENET, 'batch-norm', hyper.batch);
model.load(initialState(model, seed));
log(`# parameters: ${model.parameters().reduce((n, p) => n + p.value.length, 0)}`);
log('epoch  lr        loss    train   valid   seconds');
train(model, trainSet, {
  epochs,
  learningRate: hyper.learningRate,
  weightDecay: hyper.weightDecay,
  seed,
  flip: hyper.flip,
  validation,
  onEpoch: (e) =>
    log(
      `${String(e.epoch).padStart(5)}  ${e.learningRate.toExponential(2)}  ${e.loss.toFixed(4)}  ${e.trainAccuracy.toFixed(4)}  ${e.validation!.accuracy.toFixed(4)}  ${e.seconds.toFixed(1)}`,
    ),
});

const folded = foldBatchNorm(model.state());
const inference = Model.create(FASHION_MOBILENET, 'bias', 500);
inference.load(folded);
const result = evaluate(inference, test);
log(
  `# test accuracy (batch norm folded, float32): ${result.accuracy.toFixed(4)} (${result.correct}/${result.samples})`,
);
await writeCheckpoint(values.out, FASHION_MOBILENET, folded, {
  epochs: String(epochs),
  seed: String(seed),
  testAccuracy: result.accuracy.toFixed(4),
  script: 'scripts/train-fashion-mobilenet.ts',
});
log(`# wrote ${values.out}`);
