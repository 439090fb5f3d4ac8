// npm run bench:load [-- --pollers N] [-- --seconds S] [-- --out FILE]
// 500 clients poll one sweep's status (once a second each, with If-None-Match, as dashboards do) for 60 s
// while the sweep runs on 2 worker processes, against the same sweep without pollers: error count, status
// latency p50 / p99 / max, and the sweep's throughput with and without the load. Real API and worker
// processes on DATABASE_URL's PostgreSQL (embedded when unset) and REDIS_URL's Redis (else the PostgreSQL
// queue); each run on a fresh database.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { acquireDatabaseServer } from '@swis-dse/db';
import { type RunResult, runSweep } from './support/sweep-run.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    pollers: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '60' },
  },
});
const POLLERS = Number(values.pollers);
const POLL_SECONDS = Number(values.seconds);
const WORKERS = 2;

/** 5 variants x 6 bit widths x 4 group sizes x 2 scale granularities (240 quantizations) x 5 arrays = 1,200 points. */
const SPEC = {
  name: 'bench-load',
  model: 'mobilenet_v2',
  method: 'grid',
  maxPoints: 2000,
  axes: {
    variant: ['swis', 'swis-c', 'truncation', 'uniform', 'block-fp'],
    bits: [1, 2, 3, 4, 5, 6],
    groupSize: [4, 8, 16, 32],
    scale: ['per-filter', 'per-tensor'],
    hardware: [
      { arch: 'swis', rows: 32, cols: 32, dataflow: 'ws' },
      { arch: 'swis', rows: 16, cols: 16, dataflow: 'ws' },
      { arch: 'stripes', rows: 32, cols: 32, dataflow: 'ws' },
      { arch: 'pragmatic', rows: 32, cols: 32, dataflow: 'os' },
      { arch: 'bitwave', rows: 64, cols: 64, dataflow: 'ws' },
    ],
  },
  baseline: { arch: 'weight-serial', rows: 32, cols: 32, dataflow: 'ws' },
  objectives: ['bitsPerWeight:min', 'cycles:min', 'energyPj:min', 'sqnrDb:max'],
};
const WARM_UP = {
  ...SPEC,
  name: 'warm-up',
  axes: {
    ...SPEC.axes,
    variant: ['uniform'],
    bits: [7],
    groupSize: [64],
    scale: ['per-filter'],
    hardware: [SPEC.axes.hardware[0]],
  },
};

const lines: string[] = [];
const print = (line = ''): void => {
  lines.push(line);
  console.log(line);
};

const server = await acquireDatabaseServer();
try {
  print(`# bench:load (${new Date().toISOString().slice(0, 10)})`);
  print(
    `PostgreSQL: ${server.kind === 'embedded' ? 'embedded' : new URL(server.url).host}; queue: ${process.env.REDIS_URL ? `Redis ${new URL(process.env.REDIS_URL).host}` : 'PostgreSQL backend'}; ${WORKERS} worker processes; sweep of 1,200 points on mobilenet_v2 (240 quantizations)`,
  );
  const runs: RunResult[] = [];
  for (const pollers of [0, POLLERS]) {
    runs.push(
      await runSweep({
        serverUrl: server.url,
        spec: SPEC,
        warmUp: WARM_UP,
        workers: WORKERS,
        pollers,
        pollIntervalMs: 1000,
        pollForMs: pollers === 0 ? 0 : POLL_SECONDS * 1000,
      }),
    );
  }
  const [alone, loaded] = runs as [RunResult, RunResult];
  print();
  print(
    '| pollers | sweep wall s | points/s | throughput vs no pollers | status requests | per s | 304 | errors | p50 ms | p99 ms | max ms | API-side p50 / p99 ms (<= 20 ms) |',
  );
  print('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const run of runs) {
    const l = run.latency;
    const polled =
      run.pollers === 0
        ? '- | - | - | - | - | - | - | -'
        : `${l.requests} | ${(l.requests / l.seconds).toFixed(0)} | ${l.notModified} | ${l.errors} | ${l.p50.toFixed(2)} | ${l.p99.toFixed(2)} | ${l.max.toFixed(1)} | ${run.server.p50.toFixed(2)} / ${run.server.p99.toFixed(2)} (${(100 * run.server.within20ms).toFixed(2)} %)`;
    print(
      `| ${run.pollers} | ${run.wallS.toFixed(1)} | ${run.pointsPerS.toFixed(1)} | ${(run.pointsPerS / alone.pointsPerS).toFixed(2)}x | ${polled} |`,
    );
  }
  print();
  print(
    `pollers ran for ${loaded.latency.seconds.toFixed(0)} s from submission (the sweep took ${loaded.wallS.toFixed(0)} s; after it finished they got 304s)`,
  );
  print('| process | RSS MiB at 25 / 50 / 75 / 100 % (with pollers) | peak RSS MiB |');
  print('|---|---|---|');
  for (const m of loaded.memory)
    print(`| ${m.name} | ${m.samples.map((s) => s.toFixed(0)).join(' / ')} | ${m.peak.toFixed(0)} |`);
} finally {
  await server.release();
}
if (values.out) writeFileSync(values.out, `${lines.join('\n')}\n`);
