/**
 * MobileNetV2, width 1.0, 224 x 224 input, from npm nsfwjs@4.4.0 (dist/models/mobilenet_v2): a Keras layers
 * model that nsfwjs fine-tuned into a 5-class image classifier. Caveats: every tensor was stored uint8 with
 * a per-tensor affine scale, so the dequantized weights already sit on an 8-bit grid; batch norm is not
 * folded (separate BatchNormalization layers); the head is nsfwjs's Dense 1280-256-128-5, not ImageNet's.
 */
import { readTfjs } from '../formats/tfjs.js';
import type { BuiltinModel } from './builtin-model.js';
import { loadNsfwjsBundle, NSFWJS } from './nsfwjs-bundle.js';

export const mobilenetV2: BuiltinModel = {
  id: 'mobilenet_v2',
  description: 'MobileNetV2 1.0, 224x224, nsfwjs 5-class head; uint8-stored weights, batch norm not folded',
  parameters: 2_550_848,
  async load() {
    const { modelJson, shards, file } = await loadNsfwjsBundle('mobilenet_v2');
    const network = readTfjs(modelJson, shards, file);
    return {
      ...network,
      name: 'mobilenet_v2',
      metadata: {
        source: `${NSFWJS} dist/models/mobilenet_v2 (Keras layers model, MobileNetV2 alpha 1.0)`,
        weightsWere8Bit: network.metadata.weightsWere8Bit,
        batchNormFolded: false,
        notes: [
          'weights were stored uint8 with a per-tensor affine scale (q * scale + min) and dequantized on import',
          'batch norm is not folded: BatchNormalization layers follow the convolutions',
          'classifier head is Dense 1280-256-128-5 (Drawing, Hentai, Neutral, Porn, Sexy), not ImageNet',
        ],
      },
    };
  },
};
