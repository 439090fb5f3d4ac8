// npm run bench:service [-- --pollers N] [-- --out FILE]
// A 1,000-point MobileNet-v2 sweep through the real service: an API process and 1, then 2, worker processes
// on DATABASE_URL's PostgreSQL (embedded when unset) and REDIS_URL's Redis (the PostgreSQL queue when unset),
// each run on a fresh database. Prints wall time, points/s, orchestration overhead per point (1-worker wall
// time minus the same evaluations run directly in one process), GET-status latency under 200 concurrent
// pollers, and each process's memory over the sweep.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { acquireDatabaseServer } from '@swis-dse/db';
import { loadActivationStats, loadBuiltinModel } from '@swis-dse/models';
import {
  baselineRun,
  designPoints,
  type NetworkQuantization,
  parseSweepSpec,
  pointMetrics,
  quantizeNetwork,
} from '@swis-dse/swis-core';
import { type RunResult, runSweep } from './support/sweep-run.js';

const { values } = parseArgs({
  options: { out: { type: 'string' }, pollers: { type: 'string', default: '200' } },
});
const POLLERS = Number(values.pollers);
/** Each poller asks for the status once per interval, with If-None-Match, as a dashboard does. */
const POLL_INTERVAL_MS = 1000;

/** 5 variants x 4 bit widths x 2 group sizes = 40 quantizations, x 25 architecture/array pairs = 1,000 points. */
const ARRAYS = [
  { rows: 32, cols: 32, dataflow: 'ws' },
  { rows: 16, cols: 16, dataflow: 'ws' },
  { rows: 64, cols: 64, dataflow: 'ws' },
  { rows: 32, cols: 32, dataflow: 'os' },
  { rows: 16, cols: 64, dataflow: 'is' },
] as const;
const ARCHS = ['swis', 'stripes', 'pragmatic', 'laconic', 'bitwave'] as const;
const SPEC = {
  name: 'bench-service-1000',
  model: 'mobilenet_v2',
  method: 'grid',
  axes: {
    variant: ['swis', 'swis-c', 'truncation', 'uniform', 'block-fp'],
    bits: [1, 2, 3, 4],
    groupSize: [8, 16],
    hardware: ARCHS.flatMap((arch) => ARRAYS.map((array) => ({ arch, ...array }))),
  },
  baseline: { arch: 'weight-serial', rows: 32, cols: 32, dataflow: 'ws' },
  objectives: ['bitsPerWeight:min', 'cycles:min', 'energyPj:min', 'sqnrDb:max'],
};
/** Loads the model in every worker before timing, on configurations the measured sweep does not share. */
const WARM_UP = {
  ...SPEC,
  name: 'warm-up',
  axes: { ...SPEC.axes, variant: ['uniform'], bits: [6], groupSize: [32], hardware: [SPEC.axes.hardware[0]] },
};

const lines: string[] = [];
const print = (line = ''): void => {
  lines.push(line);
  console.log(line);
};

/** The same evaluations as the workers, in this process, one after another: the compute time. */
async function directSeconds(): Promise<number> {
  const network = await loadBuiltinModel('mobilenet_v2');
  const stats = loadActivationStats('mobilenet_v2');
  const spec = parseSweepSpec(SPEC);
  const started = performance.now();
  const byQuant = new Map<
    string,
    { quantization: NetworkQuantization; baseline: ReturnType<typeof baselineRun> } | null
  >();
  for (const point of designPoints(spec)) {
    const key = JSON.stringify(point.quant);
    if (!byQuant.has(key)) {
      try {
        const quantization = quantizeNetwork(network, point.quant);
        byQuant.set(key, {
          quantization,
          baseline: baselineRun(network, quantization, spec.baseline!, stats),
        });
      } catch {
        byQuant.set(key, null);
      }
    }
    const entry = byQuant.get(key);
    if (entry == null) continue;
    try {
      pointMetrics(network, entry.quantization, point, { activationStats: stats, baseline: entry.baseline });
    } catch {
      // a point the architecture cannot run fails in the service too
    }
  }
  return (performance.now() - started) / 1000;
}

const server = await acquireDatabaseServer();
try {
  print(`# bench:service (${new Date().toISOString().slice(0, 10)})`);
  print(
    `PostgreSQL: ${server.kind === 'embedded' ? 'embedded' : new URL(server.url).host}; queue: ${process.env.REDIS_URL ? `Redis ${new URL(process.env.REDIS_URL).host}` : 'PostgreSQL backend'}; ${POLLERS} pollers at 1 request/s each during the sweep`,
  );
  print(
    `sweep: ${SPEC.axes.variant.length} variants x 4 bits x 2 group sizes x ${SPEC.axes.hardware.length} arch/array = 1000 points on mobilenet_v2 (40 quantizations)`,
  );
  const runs: RunResult[] = [];
  for (const workers of [1, 2]) {
    for (const pollers of [0, POLLERS]) {
      runs.push(
        await runSweep({
          serverUrl: server.url,
          spec: SPEC,
          warmUp: WARM_UP,
          workers,
          pollers,
          pollIntervalMs: POLL_INTERVAL_MS,
          rerunCached: true,
        }),
      );
    }
  }
  const direct = await directSeconds();
  print();
  print(
    '| worker processes | pollers | wall s | points/s | failed | overhead ms/point | status p50 ms | p99 ms | max ms | status requests (304) | errors | API-side p50 / p99 ms (<= 20 ms) | same sweep again, all cached: s |',
  );
  print('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const run of runs) {
    const overhead = ((run.wallS * run.workers - direct) / 1000) * 1000;
    const polled =
      run.pollers === 0
        ? '- | - | - | - | - | -'
        : `${run.latency.p50.toFixed(2)} | ${run.latency.p99.toFixed(2)} | ${run.latency.max.toFixed(1)} | ${run.latency.requests} (${run.latency.notModified}) | ${run.latency.errors} | ${run.server.p50.toFixed(2)} / ${run.server.p99.toFixed(2)} (${(100 * run.server.within20ms).toFixed(2)} %)`;
    print(
      `| ${run.workers} | ${run.pollers} | ${run.wallS.toFixed(1)} | ${run.pointsPerS.toFixed(1)} | ${run.failed} | ${overhead.toFixed(2)} | ${polled} | ${run.cachedWallS?.toFixed(2)} |`,
    );
  }
  print(`direct evaluation of the same 1000 points in one process: ${direct.toFixed(1)} s`);
  print(
    'overhead per point = (wall time x worker processes - direct time) / 1000: queue, database, JSON, idle tails',
  );
  print(
    'status latency: as the pollers saw it (one client process on the same 2 cores), and as the API measured it (its histogram, interpolated in buckets 1, 2.5, 5, 10, 20, 50 ms; share answered within 20 ms)',
  );
  print();
  print('| run | process | RSS MiB at 25 / 50 / 75 / 100 % | peak RSS MiB |');
  print('|---|---|---|---|');
  for (const run of runs) {
    for (const m of run.memory) {
      print(
        `| ${run.workers} worker(s), ${run.pollers} pollers | ${m.name} | ${m.samples.map((s) => s.toFixed(0)).join(' / ')} | ${m.peak.toFixed(0)} |`,
      );
    }
  }
} finally {
  await server.release();
}
if (values.out) writeFileSync(values.out, `${lines.join('\n')}\n`);
