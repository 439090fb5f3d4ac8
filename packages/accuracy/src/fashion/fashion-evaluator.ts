import { type LabeledImages, loadFashionMnist, stratifiedSplit } from '@swis-dse/datasets';
import { FASHION_MOBILENET_CHECKPOINT, readCheckpoint } from '@swis-dse/models';
import { type Evaluation, FASHION_MOBILENET, type ModelState, toNetwork, writeBatch } from '@swis-dse/nn';
import type { Layer, Network } from '@swis-dse/swis-core';
import { OnnxSession } from '../onnx/session.js';
import { fashionOnnx } from './fashion-onnx.js';

const BATCH = 1000;
/** Seed of the stratified subset used when fewer than all 10,000 test images are asked for. */
const SUBSET_SEED = 1;

export interface FashionEvaluatorOptions {
  /** Test images to evaluate on: all 10,000 by default, else a stratified subset of this size. */
  readonly samples?: number;
  readonly checkpoint?: string;
  /** Fashion-MNIST directory (default Debian's). */
  readonly dataDir?: string;
}

/**
 * Accuracy of fashion-mobilenet with given (e.g. quantized) weights on the Fashion-MNIST test images, run by
 * ONNX Runtime. Loads the checkpoint and the images once; each evaluation builds a session for its weights.
 */
export class FashionEvaluator {
  private constructor(
    /** The trained float network (batch norm folded) in swis-core form. */
    readonly network: Network,
    /** The folded state the biases come from. */
    readonly state: ModelState,
    readonly images: LabeledImages,
    private readonly input: Float32Array,
  ) {}

  static async load(options: FashionEvaluatorOptions = {}): Promise<FashionEvaluator> {
    const checkpoint = options.checkpoint ?? FASHION_MOBILENET_CHECKPOINT;
    const { state } = await readCheckpoint(checkpoint);
    const test = await loadFashionMnist('test', options.dataDir);
    const samples = options.samples ?? test.count;
    const images = samples >= test.count ? test : stratifiedSplit(test, samples, SUBSET_SEED).heldOut;
    const input = new Float32Array(images.count * images.height * images.width);
    writeBatch(
      FASHION_MOBILENET,
      images,
      Int32Array.from({ length: images.count }, (_, i) => i),
      input,
    );
    return new FashionEvaluator(toNetwork(FASHION_MOBILENET, state, checkpoint), state, images, input);
  }

  get samples(): number {
    return this.images.count;
  }

  /**
   * Logits [samples x 10] of the network with these weight layers, matched by name (e.g. a quantization's
   * layers; the float network's when omitted).
   */
  async logits(
    layers: readonly Pick<Layer, 'name' | 'weights'>[] = this.network.layers,
  ): Promise<Float32Array> {
    const session = await OnnxSession.create(fashionOnnx(FASHION_MOBILENET, this.state, layers));
    try {
      const { height, width } = this.images;
      const classes = FASHION_MOBILENET.classes;
      const logits = new Float32Array(this.samples * classes);
      for (let start = 0; start < this.samples; start += BATCH) {
        const n = Math.min(BATCH, this.samples - start);
        const batch = this.input.subarray(start * height * width, (start + n) * height * width);
        logits.set(await session.run(batch, [n, 1, height, width]), start * classes);
      }
      return logits;
    } finally {
      await session.release();
    }
  }

  /** Top-1 accuracy with these weight layers (the float network's when omitted). */
  async accuracy(layers?: readonly Pick<Layer, 'name' | 'weights'>[]): Promise<Evaluation> {
    const logits = await this.logits(layers);
    const classes = FASHION_MOBILENET.classes;
    let correct = 0;
    for (let i = 0; i < this.samples; i++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (logits[i * classes + c]! > logits[i * classes + best]!) best = c;
      if (best === this.images.labels[i]) correct++;
    }
    return { accuracy: correct / this.samples, correct, samples: this.samples };
  }
}
