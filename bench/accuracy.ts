// npm run bench:accuracy [-- --quick] [-- --retrain-epochs E] [-- --skip-retrain] [-- --skip-mobilenet]
// Accuracy of quantized networks on real labeled data, as the SWIS paper measures it: fashion-mobilenet on the
// 10,000 Fashion-MNIST test images post-training (every variant, N = 1..4, G = 8/16/32, fractional budgets)
// and after straight-through retraining (N = 1, 2, the same epochs per variant); writes
// docs/benchmarks/accuracy.{md,json,png} (an .svg instead of the .png without Debian's chromium).
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FashionEvaluator } from '@swis-dse/accuracy';
import { loadFashionMnist, stratifiedSplit } from '@swis-dse/datasets';
import { FASHION_MOBILENET_CHECKPOINT, readCheckpoint } from '@swis-dse/models';
import { InfeasibleBudgetError, VariantIdSchema } from '@swis-dse/swis-core';
import { floatRow, type PtqRow, ptqRow } from './accuracy/fashion-ptq.js';
import { type RetrainRow, retrainRow } from './accuracy/fashion-retrain.js';
import { mobilenetRows } from './accuracy/mobilenet.js';
import { writeCharts } from './accuracy/plot.js';
import { percent, table } from './accuracy/report.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'retrain-epochs': { type: 'string', default: '1' },
    /** Retrain on a stratified subset of this many training images (default all 60,000; --quick 2000). */
    'train-samples': { type: 'string' },
    'skip-retrain': { type: 'boolean', default: false },
    'skip-mobilenet': { type: 'boolean', default: false },
    'out-dir': { type: 'string', default: 'docs/benchmarks' },
    /** Another fashion-mobilenet checkpoint than the committed one (e.g. a fresh training run's). */
    checkpoint: { type: 'string', default: FASHION_MOBILENET_CHECKPOINT },
  },
});
const VARIANTS = VariantIdSchema.options;
const BITS = values.quick ? [2, 4] : [1, 2, 3, 4];
const GROUPS = values.quick ? [16] : [8, 16, 32];
const BUDGETS = values.quick ? [2.5] : [2.5, 3, 3.5, 4.5];
const RETRAIN_BITS = [1, 2];
const MOBILENET_BITS = values.quick ? [4] : [2, 3, 4, 5, 6];
const epochs = Number(values['retrain-epochs']);

const lines: string[] = [];
const print = (line = '') => {
  lines.push(line);
  console.log(line);
};
mkdirSync(values['out-dir'], { recursive: true });

const { metadata } = await readCheckpoint(values.checkpoint);
const evaluator = await FashionEvaluator.load({ checkpoint: values.checkpoint });
print(`# Accuracy on real labeled data (${new Date().toISOString().slice(0, 10)})`);
print();
print(
  `fashion-mobilenet (checkpoint: seed ${metadata.get('seed')}, ${metadata.get('epochs')} epochs, batch norm folded), ` +
    `${evaluator.samples} Fashion-MNIST test images, ONNX Runtime. All weight layers are quantized (first and last included), ` +
    'per-filter max scales, base 8 bits. Accuracy in %.',
);
print();

const float = await floatRow(evaluator);
const eightBit = await ptqRow(evaluator, { variant: 'uniform', bits: 7, groupSize: 16 });
const ptq: PtqRow[] = [];
for (const variant of VARIANTS) {
  for (const bits of BITS)
    for (const group of GROUPS) ptq.push(await ptqRow(evaluator, { variant, bits, groupSize: group }));
}
const find = (variant: string, bits: number, group: number) =>
  ptq.find((r) => r.variant === variant && r.bits === bits && r.group === group);
print(`## Post-training quantization`);
print();
print(`float32: ${percent(float.accuracy)}; 8-bit (uniform, N = 7 + sign): ${percent(eightBit.accuracy)}`);
print();
print(
  table(
    ['variant', 'N', ...GROUPS.map((g) => `G=${g}`), 'bits/weight (G=16)'],
    VARIANTS.flatMap((variant) =>
      BITS.map((bits) => [
        variant,
        String(bits),
        ...GROUPS.map((g) => percent(find(variant, bits, g)!.accuracy)),
        (find(variant, bits, 16) ?? find(variant, bits, GROUPS[0]!)!).bitsPerWeight.toFixed(3),
      ]),
    ),
  ),
);
print();

const budgets: PtqRow[] = [];
for (const variant of VARIANTS) {
  for (const budget of BUDGETS) {
    try {
      budgets.push(await ptqRow(evaluator, { variant, budget, groupSize: 16 }));
    } catch (error) {
      // A budget below what N = 1 costs for this variant (block-fp's exponents) is reported as such.
      if (!(error instanceof InfeasibleBudgetError)) throw error;
    }
  }
}
print('## Fractional budgets (G = 16; N chosen per filter, greedy by error drop per bit)');
print();
print(
  table(
    ['variant', ...BUDGETS.map((b) => `${b} bits`)],
    VARIANTS.map((variant) => [
      variant,
      ...BUDGETS.map((budget) => {
        const row = budgets.find((r) => r.variant === variant && r.budget === budget);
        return row === undefined
          ? 'below N = 1'
          : `${percent(row.accuracy)} (${row.bitsPerWeight.toFixed(2)})`;
      }),
    ]),
  ),
);
print();
print('Cells: accuracy (achieved bits per weight).');
print();

const timings = [float, eightBit, ...ptq, ...budgets].map((r) => r.seconds).sort((a, b) => a - b);
print(
  `Time per point (quantize + evaluate ${evaluator.samples} images): median ${timings[timings.length >> 1]!.toFixed(2)} s, ` +
    `max ${timings.at(-1)!.toFixed(2)} s over ${timings.length} points.`,
);
print();

let retrained: RetrainRow[] = [];
if (!values['skip-retrain']) {
  const full = await loadFashionMnist('train');
  const trainSamples = Number(values['train-samples'] ?? (values.quick ? 2000 : full.count));
  const trainSet = trainSamples >= full.count ? full : stratifiedSplit(full, trainSamples, 1).heldOut;
  print(
    `## Retraining (straight-through estimator, ${epochs} epoch(s) of 60,000 images per variant, G = 16)`,
  );
  print();
  for (const bits of RETRAIN_BITS) {
    for (const variant of VARIANTS) {
      retrained.push(
        await retrainRow(evaluator, trainSet, { variant, bits, groupSize: 16 }, epochs, console.log),
      );
    }
  }
  print(
    table(
      ['variant', ...RETRAIN_BITS.flatMap((b) => [`N=${b} post-training`, `N=${b} retrained`])],
      VARIANTS.map((variant) => [
        variant,
        ...RETRAIN_BITS.flatMap((bits) => {
          const row = retrained.find((r) => r.variant === variant && r.bits === bits)!;
          return [percent(row.postTraining), percent(row.retrained)];
        }),
      ]),
    ),
  );
  print();
} else {
  retrained = [];
}

let mobilenet: Awaited<ReturnType<typeof mobilenetRows>> | undefined;
if (!values['skip-mobilenet']) {
  const specs = VARIANTS.flatMap((variant) =>
    MOBILENET_BITS.map((bits) => ({ variant, bits, groupSize: 16 })),
  );
  mobilenet = await mobilenetRows(specs, console.log);
  const { rows, probeImages, views } = mobilenet;
  const float = rows[0]!;
  print('## The real MobileNet-v2 (nsfwjs, ImageNet-pretrained backbone), backbone quantized (G = 16)');
  print();
  print(
    `Linear probe: a softmax head trained on float backbone features of ${probeImages.train} Fashion-MNIST training images ` +
      `(upsampled to 96 x 96, gray to RGB), scored on ${probeImages.test} test images with each quantized backbone. ` +
      `Fidelity: the model's own 5-class head on ${views} views of Debian's photographs (12 photos x 12 crops and mirrors), ` +
      'top-1 agreement with the float model and mean KL(float || quantized). The dense head stays float.',
  );
  print();
  print(`float: probe ${percent(float.probeAccuracy)}, agreement 1, KL 0`);
  print();
  print(
    table(
      ['variant', ...MOBILENET_BITS.map((b) => `N=${b} probe / agree / KL`)],
      VARIANTS.map((variant) => [
        variant,
        ...MOBILENET_BITS.map((bits) => {
          const r = rows.find((x) => x.variant === variant && x.bits === bits)!;
          return `${percent(r.probeAccuracy)} / ${r.agreement.toFixed(2)} / ${r.meanKl.toFixed(2)}`;
        }),
      ]),
    ),
  );
  print();
}
const probeOf = (variant: string, bits: number) =>
  mobilenet?.rows.find((r) => r.variant === variant && r.bits === bits)?.probeAccuracy;

const gap = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? 'n/a' : `${a >= b ? '+' : ''}${((a - b) * 100).toFixed(1)} pts`;
const retrainedOf = (variant: string, bits: number) =>
  retrained.find((r) => r.variant === variant && r.bits === bits)?.retrained;
print('## Against the paper (MobileNet-v2 on ImageNet there; fashion-mobilenet on Fashion-MNIST here)');
print();
print(
  table(
    ['claim', 'paper', 'here'],
    [
      [
        '4-bit post-training, swis - truncation (N = 4)',
        '+54.3 pts',
        gap(find('swis', 4, 16)?.accuracy, find('truncation', 4, 16)?.accuracy),
      ],
      [
        '4-bit post-training, swis - truncation (N = 3 + sign)',
        '+54.3 pts',
        gap(find('swis', 3, 16)?.accuracy, find('truncation', 3, 16)?.accuracy),
      ],
      [
        '2-bit retrained, swis - truncation (N = 2)',
        '+19.8 pts',
        gap(retrainedOf('swis', 2), retrainedOf('truncation', 2)),
      ],
      [
        '2-bit retrained, swis - truncation (N = 1 + sign)',
        '+19.8 pts',
        gap(retrainedOf('swis', 1), retrainedOf('truncation', 1)),
      ],
      [
        'MobileNet-v2 probe, 4-bit post-training, swis - truncation (N = 4)',
        '+54.3 pts',
        gap(probeOf('swis', 4), probeOf('truncation', 4)),
      ],
      [
        'MobileNet-v2 probe, 4-bit post-training, swis - truncation (N = 3 + sign)',
        '+54.3 pts',
        gap(probeOf('swis', 3), probeOf('truncation', 3)),
      ],
    ],
  ),
);
print();

const g16 = (variant: string) => ptq.filter((r) => r.variant === variant && r.group === 16);
const mobilenetChart =
  mobilenet === undefined
    ? []
    : [
        {
          title: 'MobileNet-v2 linear probe, backbone post-training (G = 16)',
          xLabel: 'N (shared magnitude bits)',
          yLabel: 'probe accuracy (%)',
          series: VARIANTS.map((variant) => ({
            name: variant,
            points: mobilenet!.rows
              .filter((r) => r.variant === variant)
              .map((r) => [r.bits!, r.probeAccuracy * 100] as const),
          })),
          references: [{ name: 'float32', y: mobilenet.rows[0]!.probeAccuracy * 100 }],
        },
      ];
const plot = await writeCharts(
  [
    {
      title: 'fashion-mobilenet, post-training (G = 16)',
      xLabel: 'storage bits per weight',
      yLabel: 'top-1 accuracy (%)',
      series: VARIANTS.map((variant) => ({
        name: variant,
        points: g16(variant).map((r) => [r.bitsPerWeight, r.accuracy * 100] as const),
      })),
      references: [
        { name: 'float32', y: float.accuracy * 100 },
        { name: '8-bit', y: eightBit.accuracy * 100 },
      ],
    },
    ...mobilenetChart,
  ],
  `${values['out-dir']}/accuracy`,
);
print(`Plot: ${plot}`);
writeFileSync(`${values['out-dir']}/accuracy.md`, `${lines.join('\n')}\n`);
writeFileSync(
  `${values['out-dir']}/accuracy.json`,
  `${JSON.stringify({ float, eightBit, ptq, budgets, retrained, epochs, mobilenet }, null, 2)}\n`,
);
