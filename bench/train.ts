// npm run bench:train
// Why training runs on WebAssembly SIMD kernels and evaluation on ONNX Runtime: the same GEMMs timed in a plain
// JavaScript loop and in the Arena's kernel, training throughput on real images, and the 10,000 test images
// evaluated by the nn forward pass and by ONNX Runtime, side by side in one run.
import { FashionEvaluator } from '@swis-dse/accuracy';
import { loadFashionMnist } from '@swis-dse/datasets';
import { Arena, evaluate, FASHION_MOBILENET, initialState, Model, train } from '@swis-dse/nn';
import { mulberry32 } from '@swis-dse/swis-core';

/** c += a b, four rows at a time: the best plain-JavaScript loop tried for these shapes. */
function jsGemm(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array): void {
  for (let i = 0; i + 3 < m; i += 4) {
    for (let p = 0; p < k; p++) {
      const [x0, x1, x2, x3] = [a[i * k + p]!, a[(i + 1) * k + p]!, a[(i + 2) * k + p]!, a[(i + 3) * k + p]!];
      const row = p * n;
      for (let j = 0; j < n; j++) {
        const v = b[row + j]!;
        c[i * n + j] = c[i * n + j]! + x0 * v;
        c[(i + 1) * n + j] = c[(i + 1) * n + j]! + x1 * v;
        c[(i + 2) * n + j] = c[(i + 2) * n + j]! + x2 * v;
        c[(i + 3) * n + j] = c[(i + 3) * n + j]! + x3 * v;
      }
    }
  }
}

/** Median seconds of `repeats` runs after a warm-up. */
function time(run: () => void, repeats = 5): number {
  run();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    run();
    times.push((performance.now() - started) / 1000);
  }
  return times.sort((x, y) => x - y)[repeats >> 1]!;
}

console.log('## GEMM: plain JavaScript against the WebAssembly SIMD kernel (one thread)\n');
console.log('| shape (m x n x k), from fashion-mobilenet at batch 128 | JS GMAC/s | WASM GMAC/s | ratio |');
console.log('|---|---:|---:|---:|');
const random = mulberry32(1);
for (const [m, n, k, what] of [
  [128 * 196, 96, 16, 'block2 expand'],
  [128 * 49, 24, 144, 'block3 project'],
  [128 * 49, 288, 48, 'block5 expand'],
] as const) {
  const arena = new Arena(m * k + k * n + m * n + 64);
  const [a, b, c] = [arena.alloc(m * k), arena.alloc(k * n), arena.alloc(m * n)];
  for (const t of [a, b]) for (let i = 0; i < t.length; i++) t[i] = random() - 0.5;
  const macs = (m * n * k) / 1e9;
  const js = macs / time(() => jsGemm(m, n, k, a, b, c));
  const wasm = macs / time(() => arena.gemm(m, n, k, a, b, c));
  console.log(
    `| ${m} x ${n} x ${k} (${what}) | ${js.toFixed(2)} | ${wasm.toFixed(2)} | ${(wasm / js).toFixed(1)}x |`,
  );
}

const trainSet = await loadFashionMnist('train');
const model = Model.create(FASHION_MOBILENET, 'batch-norm', 128);
model.load(initialState(model, 1));
const steps = 40;
const subset = { ...trainSet, count: steps * 128 };
const trainSeconds = time(
  () => train(model, subset, { epochs: 1, learningRate: 1e-3, weightDecay: 0, seed: 1, flip: true }),
  3,
);
const perImage = trainSeconds / subset.count;
console.log(
  `\n## Training (forward + backward + Adam, batch 128, ${subset.count} real images, median of 3)\n`,
);
console.log(
  `${(1 / perImage).toFixed(0)} images/s, ${(perImage * 1000).toFixed(2)} ms per image: ${(perImage * 55_000).toFixed(0)} s per epoch of 55,000 images`,
);

const evaluator = await FashionEvaluator.load();
const inference = Model.create(FASHION_MOBILENET, 'bias', 500);
inference.load(evaluator.state);
let jsAccuracy = 0;
let ortAccuracy = 0;
const jsSeconds = time(() => {
  jsAccuracy = evaluate(inference, evaluator.images).accuracy;
}, 3);
const ortTimes: number[] = [];
for (let r = 0; r < 4; r++) {
  const started = performance.now();
  ortAccuracy = (await evaluator.accuracy()).accuracy;
  if (r > 0) ortTimes.push((performance.now() - started) / 1000);
}
const ortSeconds = ortTimes.sort((x, y) => x - y)[1]!;
console.log(`\n## Evaluating the ${evaluator.samples} test images (median of 3)\n`);
console.log('| engine | seconds | accuracy |');
console.log('|---|---:|---:|');
console.log(
  `| nn forward pass (WebAssembly, one thread) | ${jsSeconds.toFixed(2)} | ${jsAccuracy.toFixed(4)} |`,
);
console.log(
  `| ONNX Runtime (session built per evaluation) | ${ortSeconds.toFixed(2)} | ${ortAccuracy.toFixed(4)} |`,
);
console.log(`\nONNX Runtime is ${(jsSeconds / ortSeconds).toFixed(1)}x faster; the accuracies must agree.`);
