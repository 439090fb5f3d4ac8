/**
 * Fidelity of nsfwjs's 5-class head with given (quantized) weights to the float model on real photographs
 * Debian packages install (PROFILE_IMAGES), several deterministic views each.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { decodeImage, PROFILE_IMAGES, type ProfileImage } from '@swis-dse/models';
import { OnnxSession } from '../onnx/session.js';
import { batchedRun } from './batched-run.js';
import { type Fidelity, fidelity } from './fidelity.js';
import { kerasOnnx, type WeightLayer } from './keras-onnx.js';
import { nchwBatch } from './nchw.js';
import type { KerasModel } from './nsfwjs-keras.js';
import { photoViews } from './photo-views.js';

/** Input side nsfwjs classifies at (its declared input). */
const SIZE = 224;
const BATCH = 16;

export class PhotoFidelity {
  private constructor(
    private readonly model: KerasModel,
    /** Every view, N x 3 x 224 x 224. */
    private readonly input: Float32Array,
    readonly inputs: number,
    /** The float model's probabilities, inputs x classes. */
    readonly reference: Float32Array,
  ) {}

  /**
   * Decodes the photos, makes their views and computes the float model's probabilities once.
   * @throws Error naming the Debian packages to install when a photo is missing
   */
  static async load(
    model: KerasModel,
    floatLayers: readonly WeightLayer[],
    photos: readonly ProfileImage[] = PROFILE_IMAGES,
  ): Promise<PhotoFidelity> {
    const views = (await Promise.all(photos.map(loadPhoto))).flatMap((image) => photoViews(image, SIZE));
    const { data } = nchwBatch(views);
    const reference = await probabilities(model, floatLayers, data, views.length);
    return new PhotoFidelity(model, data, views.length, reference);
  }

  /** Top-1 agreement and mean KL of the head with the weights of `layers` against the float model. */
  async evaluate(layers: readonly WeightLayer[]): Promise<Fidelity> {
    const test = await probabilities(this.model, layers, this.input, this.inputs);
    return fidelity(this.reference, test, this.reference.length / this.inputs);
  }
}

async function loadPhoto(photo: ProfileImage) {
  if (!existsSync(photo.path)) {
    const packages = [...new Set(PROFILE_IMAGES.map((p) => p.debianPackage))].join(' ');
    throw new Error(
      `${photo.path} is missing: install it with apt-get install ${packages} (it is in ${photo.debianPackage})`,
    );
  }
  return decodeImage(await readFile(photo.path));
}

async function probabilities(
  model: KerasModel,
  layers: readonly WeightLayer[],
  input: Float32Array,
  count: number,
): Promise<Float32Array> {
  const graph = kerasOnnx(model, layers, { height: SIZE, width: SIZE, outputs: ['probabilities'] });
  const session = await OnnxSession.create(graph);
  const image = 3 * SIZE * SIZE;
  try {
    return await batchedRun(session, count, BATCH, (start, n) => ({
      data: input.subarray(start * image, (start + n) * image),
      dims: [n, 3, SIZE, SIZE],
    }));
  } finally {
    await session.release();
  }
}
