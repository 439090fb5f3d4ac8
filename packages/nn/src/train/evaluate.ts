import type { Model } from '../model/model.js';
import { type ImageSet, writeBatch } from './images.js';

/** Top-1 accuracy of a model (inference mode) on a labeled set. */
export interface Evaluation {
  readonly accuracy: number;
  readonly correct: number;
  readonly samples: number;
}

/** Runs the model over the whole set in batches of its capacity and counts arg-max hits. */
export function evaluate(model: Model, set: ImageSet): Evaluation {
  const classes = model.arch.classes;
  let correct = 0;
  for (let start = 0; start < set.count; start += model.capacity) {
    const n = Math.min(model.capacity, set.count - start);
    const indices = Array.from({ length: n }, (_, i) => start + i);
    writeBatch(model.arch, set, indices, model.input(n));
    const logits = model.forward(n, false);
    for (let b = 0; b < n; b++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (logits[b * classes + c]! > logits[b * classes + best]!) best = c;
      if (best === set.labels[start + b]) correct++;
    }
  }
  return { accuracy: set.count === 0 ? 0 : correct / set.count, correct, samples: set.count };
}
