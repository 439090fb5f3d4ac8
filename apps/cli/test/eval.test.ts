import { FashionEvaluator } from '@swis-dse/accuracy';
import { FASHION_MNIST_DIR, fashionMnistInstalled } from '@swis-dse/datasets';
import { loadBuiltinModel } from '@swis-dse/models';
import { quantizeNetwork } from '@swis-dse/swis-core';
import { describe, expect, it } from 'vitest';
import { swis } from './helpers/run-cli.js';

interface EvalReport {
  model: string;
  variant: string;
  accuracy: number;
  correct: number;
  samples: number;
  retrainEpochs: number;
  trainSamples?: number;
  quantization?: Record<string, unknown>;
}

async function evalJson(...argv: string[]): Promise<EvalReport> {
  const run = await swis('eval', ...argv, '--json');
  expect(run).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(run.stdout) as EvalReport;
}

const installed = fashionMnistInstalled();
if (!installed) {
  console.info(
    `swis-dse tests: NOT RUN: swis eval on the test images (no Fashion-MNIST in ${FASHION_MNIST_DIR}; .ci/run installs Debian's dataset-fashion-mnist)`,
  );
}

describe.runIf(installed)('swis eval', () => {
  it('answers the issue command with the accuracy of the quantized model on all 10,000 test images', async () => {
    const report = await evalJson(
      '--model',
      'fashion-mobilenet',
      '--variant',
      'swis',
      '--bits',
      '3',
      '--group',
      '16',
    );
    expect(report).toMatchObject({
      model: 'fashion-mobilenet',
      variant: 'swis',
      samples: 10_000,
      retrainEpochs: 0,
    });
    expect(report.quantization).toMatchObject({ variant: 'swis', bits: 3, groupSize: 16 });
    const evaluator = await FashionEvaluator.load();
    const network = await loadBuiltinModel('fashion-mobilenet');
    const quantized = quantizeNetwork(network, { variant: 'swis', bits: 3, groupSize: 16 });
    const direct = await evaluator.accuracy(quantized.layers);
    expect(report.accuracy).toBe(direct.accuracy);
    expect(report.correct).toBe(direct.correct);
  });

  it('reaches the 90% goal with the committed float weights', async () => {
    const report = await evalJson('--model', 'fashion-mobilenet', '--variant', 'float');
    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report).not.toHaveProperty('quantization');
  });

  it('retrains with a straight-through estimator when asked, on a subset for speed', async () => {
    const argv = ['--model', 'fashion-mobilenet', '--variant', 'swis', '--bits', '1', '--samples', '1000'];
    const before = await evalJson(...argv);
    const after = await evalJson(...argv, '--retrain-epochs', '1', '--train-samples', '2000');
    expect(before).toMatchObject({ samples: 1000, retrainEpochs: 0 });
    expect(after).toMatchObject({ samples: 1000, retrainEpochs: 1, trainSamples: 2000 });
    expect(after.accuracy).toBeGreaterThan(before.accuracy + 0.05);
  });
});

describe('swis eval, bad usage', () => {
  it.each([
    [
      ['--variant', 'swis', '--bits', '3'],
      2,
      /--model is required \(models with an evaluation set: fashion-mobilenet\)/,
    ],
    [
      ['--model', 'mobilenet_v2', '--bits', '3'],
      1,
      /--model mobilenet_v2: has no evaluation set; models with one: fashion-mobilenet/,
    ],
    [
      ['--model', 'fashion-mobilenet', '--variant', 'float', '--bits', '3'],
      2,
      /--variant float takes no --bits/,
    ],
    [
      ['--model', 'fashion-mobilenet', '--variant', 'float', '--retrain-epochs', '1'],
      2,
      /needs a quantized --variant/,
    ],
    [
      ['--model', 'fashion-mobilenet', '--bits', '3', '--retrain-epochs', 'two'],
      2,
      /--retrain-epochs: expected a positive integer/,
    ],
    [
      ['--model', 'fashion-mobilenet', '--bits', '3', '--train-samples', '10'],
      2,
      /--train-samples needs --retrain-epochs/,
    ],
    [['--model', 'fashion-mobilenet', '--bits', '9'], 2, /--bits/],
    [['--model', 'fashion-mobilenet', '--variant', 'swiss', '--bits', '2'], 2, /--variant/],
  ])('rejects %j with exit code %i', async (argv, code, message) => {
    const run = await swis('eval', ...argv);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
  });
});
