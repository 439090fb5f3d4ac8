import { mulberry32 } from '@swis-dse/swis-core';

/** Grayscale images with one class label each, stored contiguously (image i at i * height * width). */
export interface LabeledImages {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  /** count x height x width pixels, 0..255, row-major. */
  readonly pixels: Uint8Array;
  /** count labels, each an index into `classes`. */
  readonly labels: Uint8Array;
  readonly classes: readonly string[];
}

/** The images at `indices`, in that order (copied). */
export function subset(set: LabeledImages, indices: readonly number[]): LabeledImages {
  const size = set.height * set.width;
  const pixels = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  indices.forEach((index, i) => {
    if (!Number.isInteger(index) || index < 0 || index >= set.count) {
      throw new RangeError(`index ${index} is outside 0..${set.count - 1}`);
    }
    pixels.set(set.pixels.subarray(index * size, (index + 1) * size), i * size);
    labels[i] = set.labels[index]!;
  });
  return { ...set, count: indices.length, pixels, labels };
}

/**
 * A deterministic split of `set` into `holdOut` images (e.g. a validation set) and the rest, stratified:
 * each class contributes in proportion to its size (rounded per class, so the total may differ from
 * `holdOut` by at most the number of classes), chosen by a PRNG seeded with `seed`. The same set, size and
 * seed always give the same split; both parts keep the original order.
 */
export function stratifiedSplit(
  set: LabeledImages,
  holdOut: number,
  seed: number,
): { rest: LabeledImages; heldOut: LabeledImages } {
  if (!Number.isInteger(holdOut) || holdOut < 0 || holdOut > set.count) {
    throw new RangeError(`holdOut must be an integer in 0..${set.count}, got ${holdOut}`);
  }
  const random = mulberry32(seed);
  const byClass = set.classes.map(() => [] as number[]);
  set.labels.forEach((label, i) => {
    byClass[label]!.push(i);
  });
  const chosen = new Set<number>();
  for (const members of byClass) {
    const take = Math.round((members.length * holdOut) / set.count);
    // Partial Fisher-Yates: the first `take` entries become a uniform sample of the class.
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(random() * (members.length - i));
      [members[i], members[j]] = [members[j]!, members[i]!];
      chosen.add(members[i]!);
    }
  }
  const held: number[] = [];
  const rest: number[] = [];
  for (let i = 0; i < set.count; i++) (chosen.has(i) ? held : rest).push(i);
  return { rest: subset(set, rest), heldOut: subset(set, held) };
}
