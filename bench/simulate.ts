// npm run bench:simulate [-- --quick] [-- --out FILE]
// Times swis-core's simulator on the built-in MobileNet-v2 for every architecture, then compares SWIS at
// N = 1..4 (and swis-c) with every baseline on the same array, and the energy ratios' sensitivity to DRAM.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadActivationStats, loadBuiltinModel } from '@swis-dse/models';
import {
  type ArchitectureId,
  ArchitectureIdSchema,
  type DataflowId,
  type DepthwiseMapping,
  ENERGY_PRESETS,
  type HardwareInput,
  type NetworkQuantization,
  quantizeNetwork,
  simulateNetwork,
  sweepDramEnergy,
} from '@swis-dse/swis-core';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const REPEATS = values.quick ? 5 : 51;
const GROUP = 16;
const ROWS = 32;
const COLS = 32;
const DATAFLOWS: readonly DataflowId[] = ['ws', 'os'];
const MAPPINGS: readonly DepthwiseMapping[] = ['per-channel', 'channels-as-filters'];
const BASELINES = ArchitectureIdSchema.options.filter((id) => id !== 'swis' && id !== 'swis-c');
const DRAM_FACTORS = [0.25, 1, 4];

const network = await loadBuiltinModel('mobilenet_v2');
const activationStats = loadActivationStats('mobilenet_v2');
if (activationStats === null) throw new Error('no measured activation statistics for mobilenet_v2');
const hardware = (dataflow: DataflowId): HardwareInput => ({
  rows: ROWS,
  cols: COLS,
  dataflow,
  lanesPerPe: GROUP,
});
const lines: string[] = [];
const print = (line = ''): void => {
  lines.push(line);
  console.log(line);
};

const quantizations = new Map<string, NetworkQuantization>();
/** swis or swis-c at N bits, G = 16, quantized once. */
function quantized(variant: 'swis' | 'swis-c', bits: number): NetworkQuantization {
  const key = `${variant} ${bits}`;
  let q = quantizations.get(key);
  if (q === undefined) {
    q = quantizeNetwork(network, { variant, bits, groupSize: GROUP });
    quantizations.set(key, q);
  }
  return q;
}

/** Median wall time in ms of REPEATS simulations after one warm-up run. */
function medianMs(run: () => void): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const x = (value: number) => `${value.toFixed(2)}x`;

print(`# bench:simulate: ${network.name}, ${network.layers.length} weight layers`);
print(
  `node ${process.version}, one thread; ${ROWS}x${COLS} PEs of G = ${GROUP} lanes, horowitz-45nm energy, gates-45nm area, ` +
    'default buffers (192 KiB) and DRAM bandwidth (64 B/cycle); activation statistics measured on real images ' +
    `(loadActivationStats: ${activationStats.source.split(';')[0]}).`,
);

print('\n## Time per whole-network simulation (quantized once with swis N = 3, G = 16; ws)\n');
print(`Median of ${REPEATS} warm runs of simulateNetwork, quantization excluded.\n`);
print('| architecture | per-channel ms | channels-as-filters ms |\n|---|---:|---:|');
for (const arch of ArchitectureIdSchema.options) {
  const q = quantized(arch === 'swis-c' ? 'swis-c' : 'swis', 3);
  const cells = MAPPINGS.map((depthwiseMapping) =>
    medianMs(() => simulateNetwork(network, q, hardware('ws'), { arch, activationStats, depthwiseMapping })),
  );
  print(`| ${arch} | ${cells.map((ms) => ms.toFixed(2)).join(' | ')} |`);
}

const DESIGNS = (['swis', 'swis-c'] as const).flatMap((variant) =>
  [1, 2, 3, 4].map((bits) => ({ variant, bits, label: `${variant} N=${bits}` })),
);

// The baselines were not designed for shared shifts, so they run the weights they were built for: INT8
// (uniform with 7 magnitude bits and per-filter scales is exactly symmetric per-channel INT8).
const int8 = quantizeNetwork(network, { variant: 'uniform', bits: 7, groupSize: GROUP });

function run(
  arch: ArchitectureId,
  quantization: NetworkQuantization,
  dataflow: DataflowId,
  depthwiseMapping: DepthwiseMapping,
) {
  return simulateNetwork(network, quantization, hardware(dataflow), {
    arch,
    activationStats,
    depthwiseMapping,
  });
}

/** Every baseline on INT8 weights, once per dataflow and mapping. */
function baselineRuns(dataflow: DataflowId, depthwiseMapping: DepthwiseMapping) {
  return BASELINES.map((baseline) => run(baseline, int8, dataflow, depthwiseMapping));
}

print('\n## SWIS against every baseline on the same array\n');
print(
  'Each cell is speedup / energy ratio, both baseline over SWIS (above 1 favours SWIS). Same 32x32 array of ' +
    '16-lane PEs, the same measured activation statistics, schedule none; SWIS runs its quantized weights, ' +
    'every baseline INT8 weights (per-filter symmetric; bitwave and laconic read their bits, weight-serial, ' +
    'loom and bitfusion their precision). bits/weight includes the per-group shift metadata (scales excluded); ' +
    'vs INT8 is 8 / bits/weight.',
);
for (const dataflow of DATAFLOWS) {
  for (const mapping of MAPPINGS) {
    const baselines = baselineRuns(dataflow, mapping);
    print(`\n### ${dataflow}, depthwise ${mapping}\n`);
    print(`| design | bits/weight | vs INT8 | ${BASELINES.join(' | ')} |`);
    print(`|---|---:|---:|${BASELINES.map(() => '---:').join('|')}|`);
    for (const design of DESIGNS) {
      const q = quantized(design.variant, design.bits);
      const ours = run(design.variant, q, dataflow, mapping);
      const cells = baselines.map((b) => `${x(b.cycles / ours.cycles)} / ${x(b.energyPj / ours.energyPj)}`);
      print(
        `| ${design.label} | ${q.bitsPerWeight.toFixed(2)} | ${x(8 / q.bitsPerWeight)} | ${cells.join(' | ')} |`,
      );
    }
  }
}

print('\n## Absolute figures (swis and swis-c at N = 3, the baselines on INT8 weights)\n');
print('| dataflow, depthwise | architecture | cycles | energy uJ | DRAM share of energy | PE array mm^2 |');
print('|---|---|---:|---:|---:|---:|');
for (const dataflow of DATAFLOWS) {
  for (const depthwiseMapping of MAPPINGS) {
    for (const arch of ArchitectureIdSchema.options) {
      const q = arch === 'swis' || arch === 'swis-c' ? quantized(arch, 3) : int8;
      const r = run(arch, q, dataflow, depthwiseMapping);
      print(
        `| ${dataflow}, ${depthwiseMapping} | ${arch} | ${Math.round(r.cycles)} | ${(r.energyPj / 1e6).toFixed(1)} | ` +
          `${((100 * r.energyBreakdownPj.dram) / r.energyPj).toFixed(1)} % | ${r.areaMm2.toFixed(3)} |`,
      );
    }
  }
}

print('\n## Area ratio (baseline PE array / SWIS PE array, 32x32 PEs of 16 lanes; buffers excluded)\n');
print(`| design | ${BASELINES.join(' | ')} |\n|---|${BASELINES.map(() => '---:').join('|')}|`);
for (const variant of ['swis', 'swis-c'] as const) {
  const ours = run(variant, quantized(variant, 3), 'ws', 'per-channel');
  const cells = baselineRuns('ws', 'per-channel').map((b) => x(b.areaMm2 / ours.areaMm2));
  print(`| ${variant} | ${cells.join(' | ')} |`);
}

const dramPj = ENERGY_PRESETS['horowitz-45nm'].dramPjPer64b;
print(
  `\n## DRAM-energy sensitivity: energy ratio (baseline / swis N = 3) with DRAM at x0.25, x1, x4 of ${dramPj} pJ per 64 bits\n`,
);
print('Compute and buffer energy unchanged (sweepDramEnergy on both runs).\n');
print(`| dataflow, depthwise | DRAM pJ/64b | ${BASELINES.join(' | ')} |`);
print(`|---|---:|${BASELINES.map(() => '---:').join('|')}|`);
for (const dataflow of DATAFLOWS) {
  for (const mapping of MAPPINGS) {
    const ours = run('swis', quantized('swis', 3), dataflow, mapping);
    const baselines = baselineRuns(dataflow, mapping);
    for (const factor of DRAM_FACTORS) {
      const value = dramPj * factor;
      const [swisPoint] = sweepDramEnergy(ours, [value]);
      const cells = baselines.map((b) => x(sweepDramEnergy(b, [value])[0]!.energyPj / swisPoint!.energyPj));
      print(`| ${dataflow}, ${mapping} | ${value} (x${factor}) | ${cells.join(' | ')} |`);
    }
  }
}

if (values.out !== undefined) writeFileSync(values.out, `${lines.join('\n')}\n`);
