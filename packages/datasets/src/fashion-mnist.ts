import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from './dataset-error.js';
import { readIdx } from './idx.js';
import type { LabeledImages } from './labeled-images.js';

/** Where Debian's dataset-fashion-mnist package installs the IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Zalando's class names, by label. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

const FILES = {
  train: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
  test: ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
} as const;

/** Whether every Fashion-MNIST file is in `dir` (what tests that need the real images check first). */
export function fashionMnistInstalled(dir: string = FASHION_MNIST_DIR): boolean {
  return Object.values(FILES).every((files) => files.every((file) => existsSync(join(dir, file))));
}

async function readGzippedIdx(path: string) {
  let zipped: Buffer;
  try {
    zipped = await readFile(path);
  } catch (error) {
    throw new DatasetError(
      'SWIS_ERR_DATASET_MISSING',
      path,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); install Debian's dataset-fashion-mnist`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = gunzipSync(zipped);
  } catch (error) {
    throw new DatasetError(
      'SWIS_ERR_DATASET_FORMAT',
      path,
      `is not valid gzip (${(error as Error).message})`,
    );
  }
  return readIdx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}

/**
 * One part of Fashion-MNIST (60,000 training or 10,000 test images, 28 x 28 grayscale, 10 classes) from the
 * IDX files in `dir`.
 * @throws DatasetError when a file is missing, malformed, or images and labels disagree
 */
export async function loadFashionMnist(
  part: 'train' | 'test',
  dir: string = FASHION_MNIST_DIR,
): Promise<LabeledImages> {
  const [imageFile, labelFile] = FILES[part].map((name) => join(dir, name)) as [string, string];
  const [images, labels] = await Promise.all([readGzippedIdx(imageFile), readGzippedIdx(labelFile)]);
  if (images.dims.length !== 3) {
    throw new DatasetError(
      'SWIS_ERR_DATASET_FORMAT',
      imageFile,
      `has ${images.dims.length} dimensions, not 3 (count, rows, cols)`,
    );
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new DatasetError(
      'SWIS_ERR_DATASET_FORMAT',
      labelFile,
      `holds [${labels.dims.join(', ')}] labels for ${images.dims[0]} images`,
    );
  }
  const bad = labels.data.findIndex((label) => label >= FASHION_MNIST_CLASSES.length);
  if (bad >= 0) {
    throw new DatasetError(
      'SWIS_ERR_DATASET_FORMAT',
      labelFile,
      `label ${labels.data[bad]} at ${bad} is not a class 0..9`,
    );
  }
  const [count, height, width] = images.dims as [number, number, number];
  return { count, height, width, pixels: images.data, labels: labels.data, classes: FASHION_MNIST_CLASSES };
}
