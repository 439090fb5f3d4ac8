export { FashionEvaluator, type FashionEvaluatorOptions } from './fashion/fashion-evaluator.js';
export { fashionOnnx, ONNX_INPUT, ONNX_OUTPUT } from './fashion/fashion-onnx.js';
export { quantizerProjection, type RetrainOptions, retrainQuantized } from './fashion/retrain.js';
export { type Attribute, OnnxGraph } from './onnx/onnx-graph.js';
export { OnnxSession } from './onnx/session.js';
