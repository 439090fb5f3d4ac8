import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatasetError,
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIR,
  fashionMnistInstalled,
  type LabeledImages,
  loadFashionMnist,
  stratifiedSplit,
} from '../src/index.js';

const installed = fashionMnistInstalled();
if (!installed) {
  console.info(
    `swis-dse tests: NOT RUN: the real Fashion-MNIST checks (no ${FASHION_MNIST_DIR}; .ci/run installs Debian's dataset-fashion-mnist)`,
  );
}

function perClass(set: LabeledImages): number[] {
  const counts = new Array(set.classes.length).fill(0);
  for (const label of set.labels) counts[label]++;
  return counts;
}

describe.runIf(installed)('Fashion-MNIST from Debian dataset-fashion-mnist', () => {
  let train: LabeledImages;
  let test: LabeledImages;
  beforeAll(async () => {
    [train, test] = await Promise.all([loadFashionMnist('train'), loadFashionMnist('test')]);
  });

  it('has 60,000 training and 10,000 test images of 28 x 28, balanced over 10 classes', () => {
    expect([train.count, train.height, train.width]).toEqual([60_000, 28, 28]);
    expect([test.count, test.height, test.width]).toEqual([10_000, 28, 28]);
    expect(train.pixels.length).toBe(60_000 * 784);
    expect(perClass(train)).toEqual(new Array(10).fill(6000));
    expect(perClass(test)).toEqual(new Array(10).fill(1000));
    expect(train.classes).toEqual(FASHION_MNIST_CLASSES);
  });

  it('reads the published first examples and real pixel statistics', () => {
    // The dataset's README: the first training and the first test image are both ankle boots (label 9).
    expect(train.labels[0]).toBe(9);
    expect(test.labels[0]).toBe(9);
    let sum = 0;
    let max = 0;
    for (const p of train.pixels) {
      sum += p;
      if (p > max) max = p;
    }
    // Fashion-MNIST's training mean is 0.2860 of 255 (the value torchvision users normalize with).
    expect(sum / train.pixels.length / 255).toBeCloseTo(0.286, 3);
    expect(max).toBe(255);
  });

  it('splits deterministically and stratified, without losing or repeating an image', () => {
    const a = stratifiedSplit(train, 5000, 7);
    const b = stratifiedSplit(train, 5000, 7);
    const c = stratifiedSplit(train, 5000, 8);
    expect(a.heldOut.count).toBe(5000);
    expect(a.rest.count).toBe(55_000);
    expect(perClass(a.heldOut)).toEqual(new Array(10).fill(500));
    expect(Buffer.from(a.heldOut.pixels).equals(Buffer.from(b.heldOut.pixels))).toBe(true);
    expect(Buffer.from(a.heldOut.pixels).equals(Buffer.from(c.heldOut.pixels))).toBe(false);
    // Every image lands in exactly one part: the pixel sums add up.
    const total = (set: LabeledImages) => set.pixels.reduce((s, p) => s + p, 0);
    expect(total(a.heldOut) + total(a.rest)).toBe(total(train));
  });
});

describe('loadFashionMnist on broken files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fmnist-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const idx = (dims: number[], data: Uint8Array) => {
    const header = Buffer.alloc(4 + 4 * dims.length);
    header.set([0, 0, 8, dims.length]);
    dims.forEach((d, i) => {
      header.writeUInt32BE(d, 4 + 4 * i);
    });
    return gzipSync(Buffer.concat([header, data]));
  };

  it('names a missing file and says which package provides it', async () => {
    await expect(loadFashionMnist('test', join(dir, 'nowhere'))).rejects.toMatchObject({
      code: 'SWIS_ERR_DATASET_MISSING',
      message: expect.stringContaining('dataset-fashion-mnist'),
    });
  });

  it('refuses labels that do not match the images, labels beyond 9, and non-gzip files', async () => {
    await writeFile(join(dir, 't10k-images-idx3-ubyte.gz'), idx([2, 2, 2], new Uint8Array(8)));
    await writeFile(join(dir, 't10k-labels-idx1-ubyte.gz'), idx([3], new Uint8Array([1, 2, 3])));
    await expect(loadFashionMnist('test', dir)).rejects.toThrow(/holds \[3\] labels for 2 images/);
    await writeFile(join(dir, 't10k-labels-idx1-ubyte.gz'), idx([2], new Uint8Array([1, 10])));
    await expect(loadFashionMnist('test', dir)).rejects.toThrow(/label 10 at 1 is not a class/);
    await writeFile(join(dir, 't10k-labels-idx1-ubyte.gz'), 'not gzip');
    const error = await loadFashionMnist('test', dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).message).toMatch(/is not valid gzip/);
    await writeFile(join(dir, 't10k-labels-idx1-ubyte.gz'), idx([2], new Uint8Array([1, 2])));
    const small = await loadFashionMnist('test', dir);
    expect([small.count, small.height, small.width, [...small.labels]]).toEqual([2, 2, 2, [1, 2]]);
  });

  it('checks split sizes', async () => {
    const small = await loadFashionMnist('test', dir);
    expect(() => stratifiedSplit(small, 3, 1)).toThrow(RangeError);
    expect(stratifiedSplit(small, 0, 1).rest.count).toBe(2);
  });
});
