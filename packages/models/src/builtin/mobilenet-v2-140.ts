/**
 * MobileNetV2, width 1.4, 224 x 224 input, from npm nsfwjs@4.4.0 (dist/models/mobilenet_v2_mid): a TF Hub
 * feature extractor plus a Dense 1792-5 head, converted to a tfjs graph model that folded batch norm into
 * the conv weights (the fused convs carry the batch-norm offset as bias). Caveats: every tensor was stored
 * uint8 with a per-tensor affine scale; the head is nsfwjs's 5 classes, not ImageNet's.
 */
import { readTfjs } from '../formats/tfjs.js';
import type { BuiltinModel } from './builtin-model.js';
import { loadNsfwjsBundle, NSFWJS } from './nsfwjs-bundle.js';

export const mobilenetV2140: BuiltinModel = {
  id: 'mobilenet_v2_140',
  description: 'MobileNetV2 1.4, 224x224, nsfwjs 5-class head; uint8-stored weights, batch norm folded',
  parameters: 4_276_800,
  async load() {
    const { modelJson, shards, file } = await loadNsfwjsBundle('mobilenet_v2_mid');
    const network = readTfjs(modelJson, shards, file);
    return {
      ...network,
      name: 'mobilenet_v2_140',
      metadata: {
        source: `${NSFWJS} dist/models/mobilenet_v2_mid (tfjs graph model, MobileNetV2 alpha 1.4)`,
        weightsWere8Bit: network.metadata.weightsWere8Bit,
        batchNormFolded: true,
        notes: [
          'weights were stored uint8 with a per-tensor affine scale (q * scale + min) and dequantized on import',
          'batch norm is folded into the conv weights by the TensorFlow.js converter',
          'classifier head is Dense 1792-5 (Drawing, Hentai, Neutral, Porn, Sexy), not ImageNet',
        ],
      },
    };
  },
};
