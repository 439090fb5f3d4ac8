/**
 * Mean softmax cross-entropy of n rows of logits against integer labels. Writes dL/dlogits into `grad`
 * (softmax - one-hot, divided by n) and returns the loss and how many rows the arg-max got right.
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  labels: ArrayLike<number>,
  n: number,
  classes: number,
  grad: Float32Array,
): { loss: number; correct: number } {
  let loss = 0;
  let correct = 0;
  for (let b = 0; b < n; b++) {
    const base = b * classes;
    let max = -Infinity;
    let best = 0;
    for (let c = 0; c < classes; c++) {
      if (logits[base + c]! > max) {
        max = logits[base + c]!;
        best = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[base + c]! - max);
    const label = labels[b]!;
    loss += Math.log(sum) - (logits[base + label]! - max);
    if (best === label) correct++;
    for (let c = 0; c < classes; c++) {
      const p = Math.exp(logits[base + c]! - max) / sum;
      grad[base + c] = (p - (c === label ? 1 : 0)) / n;
    }
  }
  return { loss: loss / n, correct };
}
