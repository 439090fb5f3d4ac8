/**
 * Linear-probe accuracy of a (quantized) MobileNetV2 backbone on Fashion-MNIST: a softmax head trained once
 * on the float backbone's features of training images, scored on a backbone's features of test images.
 */
import { type LabeledImages, loadFashionMnist, stratifiedSplit } from '@swis-dse/datasets';
import { OnnxSession } from '../onnx/session.js';
import { batchedRun } from './batched-run.js';
import { fashionBatch } from './fashion-input.js';
import { kerasOnnx, type WeightLayer } from './keras-onnx.js';
import { LinearProbe, type ProbeOptions, probeAccuracy } from './linear-probe.js';
import type { KerasModel } from './nsfwjs-keras.js';

export interface FashionProbeOptions {
  /** Training images the head is fitted on (stratified subset; default 8000). */
  readonly trainImages?: number;
  /** Test images each backbone is scored on (stratified subset; default 2000). */
  readonly testImages?: number;
  /** Side the 28 x 28 images are upsampled to (default 96). */
  readonly size?: number;
  /** Images per ONNX Runtime run (default 64). */
  readonly batchSize?: number;
  /** Seed of both stratified subsets (default 1). */
  readonly seed?: number;
  readonly probe?: ProbeOptions;
  /** Fashion-MNIST directory (default Debian's). */
  readonly dataDir?: string;
}

export class FashionProbe {
  private constructor(
    private readonly model: KerasModel,
    readonly probe: LinearProbe,
    readonly test: LabeledImages,
    private readonly size: number,
    private readonly batchSize: number,
  ) {}

  /** Loads the subsets and trains the head on the features of `floatLayers` (the float backbone). */
  static async load(
    model: KerasModel,
    floatLayers: readonly WeightLayer[],
    options: FashionProbeOptions = {},
  ): Promise<FashionProbe> {
    const { trainImages = 8000, testImages = 2000, size = 96, batchSize = 64, seed = 1 } = options;
    const [train, test] = await Promise.all([
      loadFashionMnist('train', options.dataDir),
      loadFashionMnist('test', options.dataDir),
    ]);
    const trainSet = stratifiedSplit(train, trainImages, seed).heldOut;
    const testSet = stratifiedSplit(test, testImages, seed).heldOut;
    const features = await backboneFeatures(model, floatLayers, trainSet, size, batchSize);
    const probe = LinearProbe.train(features, trainSet.labels, train.classes.length, options.probe);
    return new FashionProbe(model, probe, testSet, size, batchSize);
  }

  /** Probe accuracy on the test subset with the backbone weights of `layers` (e.g. a quantized network's). */
  async accuracy(layers: readonly WeightLayer[]): Promise<number> {
    const features = await backboneFeatures(this.model, layers, this.test, this.size, this.batchSize);
    return probeAccuracy(this.probe, features, this.test.labels);
  }
}

/** The pooled backbone features (count x channels) of every image of `set`. */
export async function backboneFeatures(
  model: KerasModel,
  layers: readonly WeightLayer[],
  set: LabeledImages,
  size: number,
  batchSize: number,
): Promise<Float32Array> {
  const session = await OnnxSession.create(
    kerasOnnx(model, layers, { height: size, width: size, outputs: ['features'] }),
  );
  try {
    return await batchedRun(session, set.count, batchSize, (start, n) => fashionBatch(set, start, n, size));
  } finally {
    await session.release();
  }
}
