import { asObject, type JsonObject, loadNsfwjsBundle, TfjsWeights } from '@swis-dse/models';

/** A Keras layers model as TensorFlow.js stores it: the model config and its weights by manifest name. */
export interface KerasModel {
  /** The `model_config` object ({ class_name, config: { layers, ... } }). */
  readonly config: JsonObject;
  readonly weights: TfjsWeights;
  /** How errors name the model. */
  readonly file: string;
}

/** The Keras model nsfwjs ships as `name` (default its MobileNetV2, the built-in `mobilenet_v2`). */
export async function loadNsfwjsKeras(name = 'mobilenet_v2'): Promise<KerasModel> {
  const { modelJson, shards, file } = await loadNsfwjsBundle(name);
  const json = asObject(modelJson, { file }, 'model');
  const topology = asObject(json.modelTopology, { file }, 'modelTopology');
  return {
    config: asObject(topology.model_config ?? topology, { file }, 'model_config'),
    weights: new TfjsWeights(json.weightsManifest, shards, file),
    file,
  };
}
