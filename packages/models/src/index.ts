export {
  DEFAULT_ACTIVATION_STATS_SOURCE,
  defaultLayerActivationStats,
  loadActivationStats,
} from './activations/index.js';
export { PROFILE_IMAGES, type ProfileImage } from './activations/profile-images.js';
export {
  FASHION_MOBILENET_CHECKPOINT,
  FASHION_MOBILENET_LOG,
  readCheckpoint,
  writeCheckpoint,
} from './builtin/fashion-mobilenet.js';
export { BUILTIN_MODELS, type BuiltinModelInfo, loadBuiltinModel } from './builtin/index.js';
export { loadNsfwjsBundle, NSFWJS, type TfjsFiles } from './builtin/nsfwjs-bundle.js';
export { MODEL_ERROR_CODES, ModelError, type ModelErrorCode, type ModelLocation } from './errors.js';
export { readNpy } from './formats/npy.js';
export { readOnnx } from './formats/onnx.js';
export { readSafetensors } from './formats/safetensors.js';
export { type SafetensorsTensor, writeSafetensors } from './formats/safetensors-writer.js';
export { readTfjs } from './formats/tfjs.js';
export { asArray, asInt, asNumber, asObject, asString, type JsonObject } from './formats/tfjs-json.js';
export {
  inboundNames,
  type KerasLayerEntry,
  kerasLayerEntry,
  paddingMode,
  pair,
  weightName,
  zeroPadding,
} from './formats/tfjs-keras-config.js';
export { TfjsWeights } from './formats/tfjs-weights.js';
export { type BuiltinProgram, loadBuiltinProgram } from './inference/builtin-program.js';
export { decodeImage, nsfwjsInput, resizeBilinear } from './inference/image.js';
export { type Program, runProgram } from './inference/program.js';
export type { Activation } from './inference/tensor.js';
export { toKCRS } from './layout.js';
export {
  detectFormat,
  type LoadFileOptions,
  loadModelFile,
  type ModelFormat,
  readModelBytes,
  SINGLE_FILE_FORMATS,
  type SingleFileFormat,
} from './load-model-file.js';
export { DEFAULT_MAX_WEIGHTS, type ReadOptions } from './read-options.js';
