// npm run bench:quantize [-- --quick] [-- --out FILE]
// Times swis-core's quantizer on the built-in MobileNet-v2 for every variant, N, G and scale granularity,
// and the exact SWIS search side by side with numpy brute force on the same weights.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadBuiltinModel } from '@swis-dse/models';
import {
  type NetworkQuantization,
  type QuantSpecInput,
  quantizeNetwork,
  VariantIdSchema,
} from '@swis-dse/swis-core';
import { runNumpyBaseline } from './numpy-baseline.js';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const REPEATS = values.quick ? 1 : 3;

const network = await loadBuiltinModel('mobilenet_v2');
const weightCount = network.layers.reduce((n, l) => n + l.weights.length, 0);
const lines: string[] = [];
const print = (line = ''): void => {
  lines.push(line);
  console.log(line);
};

/** Median wall time of REPEATS runs after one warm-up run, and the last result. */
function time(
  spec: QuantSpecInput,
  repeats = REPEATS,
): { ms: number; bestMs: number; result: NetworkQuantization } {
  let result = quantizeNetwork(network, spec);
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    result = quantizeNetwork(network, spec);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, bestMs: times[0]!, result };
}

function row(label: string, spec: QuantSpecInput, repeats?: number): string {
  const { ms, result } = time(spec, repeats);
  const rate = weightCount / (ms / 1000) / 1e6;
  return `| ${label} | ${ms.toFixed(1)} | ${rate.toFixed(1)} | ${result.sse.toExponential(3)} | ${result.sqnrDb.toFixed(2)} | ${result.bitsPerWeight.toFixed(3)} |`;
}

const HEADER =
  '| configuration | time ms | Mweights/s | SSE | SQNR dB | bits/weight |\n|---|---:|---:|---:|---:|---:|';

// Memory first, before anything else has run: what one quantization adds on top of the loaded model (the
// result it returns, plus the kernel's memory, which it keeps for the next call).
const modelBytes = weightCount * 4;
const before = process.memoryUsage();
const kept = quantizeNetwork(network, { variant: 'swis', bits: 3, groupSize: 16 });
const after = process.memoryUsage();
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const ratio = (bytes: number) => `${(bytes / modelBytes).toFixed(2)}x`;
const memoryLine =
  `Memory (float32 model ${mib(modelBytes)}): one quantization (N = 3, G = 16) returns ${mib(after.arrayBuffers - before.arrayBuffers)} ` +
  `(${ratio(after.arrayBuffers - before.arrayBuffers)}: reconstruction + encoded form of ${kept.layers.length} layers); ` +
  `the process grew by ${mib(after.rss - before.rss)} RSS (${ratio(after.rss - before.rss)}, including the kernel's memory and compiled code).`;

print(`# bench:quantize: ${network.name}, ${weightCount} weights in ${network.layers.length} layers`);
print(`node ${process.version}, median of ${REPEATS} warm runs per row, one thread`);

print(`\n${memoryLine}`);
print('\n## Exact SWIS search against numpy brute force (N = 3, G = 16, per-filter max scales)\n');
const ours = time({ variant: 'swis', bits: 3, groupSize: 16 }, Math.max(REPEATS, 11));
print(
  `swis-core: median ${ours.ms.toFixed(1)} ms, best ${ours.bestMs.toFixed(1)} ms of ${Math.max(REPEATS, 11)} warm runs; numpy: one run each.\n`,
);
print('| implementation | time ms | ratio | SSE |\n|---|---:|---:|---:|');
print(
  `| swis-core (WebAssembly SIMD kernel, whole quantizeNetwork) | ${ours.ms.toFixed(1)} | 1.0 | ${ours.result.sse.toPrecision(10)} |`,
);
for (const method of ['table', 'levels'] as const) {
  const run = runNumpyBaseline(network, 3, 16, method);
  if (run === null) continue;
  const label =
    method === 'table' ? 'numpy, half-cell table gather + BLAS sums' : 'numpy, broadcast min over 2^N levels';
  print(
    `| ${label} (numpy ${run.numpy}) | ${(run.seconds * 1000).toFixed(1)} | ${((run.seconds * 1000) / ours.ms).toFixed(1)}x slower | ${run.sse.toPrecision(10)} |`,
  );
}

for (const scale of ['per-filter', 'per-tensor'] as const) {
  print(`\n## ${scale} max scales\n`);
  print(HEADER);
  for (const variant of VariantIdSchema.options) {
    for (const bits of [1, 2, 3, 4]) {
      for (const groupSize of [8, 16, 32]) {
        print(row(`${variant} N=${bits} G=${groupSize}`, { variant, bits, groupSize, scale }));
      }
    }
  }
}

print('\n## Scale search and fractional budgets (G = 16)\n');
print(HEADER);
for (const scale of ['per-filter', 'per-tensor'] as const) {
  for (const variant of ['swis', 'uniform'] as const) {
    for (const bits of [2, 3]) {
      print(
        row(
          `${variant} N=${bits} ${scale} search`,
          { variant, bits, groupSize: 16, scale, scaleMethod: 'search' },
          1,
        ),
      );
    }
  }
}
for (const variant of ['swis', 'swis-c', 'uniform', 'truncation'] as const) {
  for (const budget of [2.5, 3.5]) {
    print(row(`${variant} budget ${budget}`, { variant, budget, groupSize: 16 }, 1));
  }
}

if (values.out !== undefined) writeFileSync(values.out, `${lines.join('\n')}\n`);
