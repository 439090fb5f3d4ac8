export { DATASET_ERROR_CODES, DatasetError, type DatasetErrorCode } from './dataset-error.js';
export {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIR,
  fashionMnistInstalled,
  loadFashionMnist,
} from './fashion-mnist.js';
export { type IdxArray, readIdx } from './idx.js';
export { type LabeledImages, stratifiedSplit, subset } from './labeled-images.js';
