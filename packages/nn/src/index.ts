export { Arena, type DepthwiseGeometry } from './kernels/arena.js';
export { BN_EPSILON, BN_MOMENTUM } from './layers/batch-norm.js';
export { ConvUnit, type ConvUnitSpec, type NormMode } from './layers/conv-unit.js';
export { Dense } from './layers/dense.js';
export type { Parameter } from './layers/parameter.js';
export { softmaxCrossEntropy } from './layers/softmax-cross-entropy.js';
export type { Tensor } from './layers/tensor.js';
export {
  type Architecture,
  CLASSIFIER,
  FASHION_MOBILENET,
  type InvertedResidualSpec,
  type Stage,
  stagesOf,
} from './model/architecture.js';
export { foldBatchNorm } from './model/fold.js';
export { gaussian, initialState } from './model/init.js';
export { Model, type ModelState } from './model/model.js';
export { toNetwork, weightLayersOf, withNetworkWeights } from './model/weight-layers.js';
export { Adam, type AdamOptions, cosineLearningRate, type Trainable } from './train/adam.js';
export { type Evaluation, evaluate } from './train/evaluate.js';
export { type ImageSet, writeBatch } from './train/images.js';
export { type EpochLog, type TrainOptions, train } from './train/train.js';
