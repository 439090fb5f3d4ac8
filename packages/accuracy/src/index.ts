export { FashionEvaluator, type FashionEvaluatorOptions } from './fashion/fashion-evaluator.js';
export { fashionOnnx, ONNX_INPUT, ONNX_OUTPUT } from './fashion/fashion-onnx.js';
export { quantizerProjection, type RetrainOptions, retrainQuantized } from './fashion/retrain.js';
export { type Batch, batchedRun } from './mobilenet/batched-run.js';
export { fashionBatch } from './mobilenet/fashion-input.js';
export { backboneFeatures, FashionProbe, type FashionProbeOptions } from './mobilenet/fashion-probe.js';
export { type Fidelity, fidelity, klDivergence } from './mobilenet/fidelity.js';
export {
  type KerasOnnxOptions,
  kerasOnnx,
  MOBILENET_INPUT,
  type MobilenetOutput,
  type WeightLayer,
} from './mobilenet/keras-onnx.js';
export { argMax, LinearProbe, type ProbeOptions, probeAccuracy } from './mobilenet/linear-probe.js';
export { nchwBatch } from './mobilenet/nchw.js';
export { type KerasModel, loadNsfwjsKeras } from './mobilenet/nsfwjs-keras.js';
export { PhotoFidelity } from './mobilenet/photo-fidelity.js';
export { crop, mirror, photoViews } from './mobilenet/photo-views.js';
export { type Attribute, OnnxGraph } from './onnx/onnx-graph.js';
export { OnnxSession } from './onnx/session.js';
