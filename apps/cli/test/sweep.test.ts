import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SweepStatus } from '@swis-dse/client';
import { acquireDatabaseServer, type DatabaseServer } from '@swis-dse/db';
import type { SweepSpecInput } from '@swis-dse/swis-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../tests/support/service-processes.js';
import { type ServiceStack, startStack } from '../../../tests/support/service-stack.js';
import { progressLine } from '../src/commands/sweep-watch.js';
import { swis } from './helpers/run-cli.js';

/** 2 variants x 2 bit widths x 2 arrays = 8 points, 4 quantizations of MobileNet-v2. */
const SPEC = {
  name: 'cli-small',
  model: 'mobilenet_v2',
  axes: {
    variant: ['swis', 'truncation'],
    bits: [2, 3],
    groupSize: [16],
    hardware: [
      { arch: 'swis', rows: 32, cols: 32, dataflow: 'ws' },
      { arch: 'swis', rows: 16, cols: 16, dataflow: 'ws' },
    ],
  },
  objectives: ['bitsPerWeight:min', 'cycles:min', 'sqnrDb:max'],
} satisfies SweepSpecInput;

let server: DatabaseServer;
let stack: ServiceStack;
let dir: string;
let sweepId: string;
const saved = { url: process.env.SWIS_URL, key: process.env.SWIS_API_KEY };

beforeAll(async () => {
  server = await acquireDatabaseServer();
  stack = await startStack(server.url, { workers: 1, redis: !!process.env.REDIS_URL });
  dir = await mkdtemp(join(tmpdir(), 'swis-sweep-cli-'));
  process.env.SWIS_URL = stack.baseUrl;
  process.env.SWIS_API_KEY = stack.key;
}, 120_000);

afterAll(async () => {
  restore('SWIS_URL', saved.url);
  restore('SWIS_API_KEY', saved.key);
  await stack?.close();
  await server?.release();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

async function specFile(name: string, spec: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(spec));
  return file;
}

/** RFC 4180 rows of a CSV text whose fields hold no line breaks (true of the points export). */
function csvRows(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map((line) => {
      const fields: string[] = [];
      let i = 0;
      for (;;) {
        const quoted = line[i] === '"' ? /^"((?:[^"]|"")*)"/.exec(line.slice(i)) : null;
        const raw = quoted === null ? line.slice(i).split(',')[0]! : quoted[0];
        fields.push(quoted === null ? raw : quoted[1]!.replaceAll('""', '"'));
        i += raw.length;
        if (i >= line.length) return fields;
        i += 1; // the comma
        if (i === line.length) return [...fields, ''];
      }
    });
}

describe('swis sweep against a real API and worker', () => {
  it('submits a spec file, waits with a progress report and ends with done', async () => {
    const file = await specFile('spec.json', SPEC);
    const run = await swis(
      'sweep',
      'submit',
      file,
      '--wait',
      '--interval',
      '200',
      '--idempotency-key',
      'cli-1',
    );
    expect(run.code, run.stderr + stack.workers.map((w) => w.output()).join('\n')).toBe(0);
    sweepId = run.stdout.trim();
    expect(sweepId).not.toBe('');
    const lines = run.stderr.split('\n');
    expect(lines.at(-1)).toBe(`sweep ${sweepId} done: 8/8 done, 0 failed, 0 cancelled`);
    if (!process.stderr.isTTY) expect(lines.at(-2)).toMatch(/^\[#{20}\] 100% {2}8\/8 done, 0 failed, done$/);

    // The same idempotency key and spec answer the same sweep.
    expect((await swis('sweep', 'submit', file, '--idempotency-key', 'cli-1')).stdout).toBe(sweepId);
  }, 60_000);

  it('prints the status as the API answers it, and as text', async () => {
    const run = await swis('sweep', 'status', sweepId, '--json');
    expect(run.code).toBe(0);
    const { status } = await stack.client.sweepStatus(sweepId);
    expect(JSON.parse(run.stdout)).toEqual(status);
    expect(status).toMatchObject({ status: 'done', counts: { total: 8, done: 8 } });

    const text = await swis('sweep', 'status', sweepId);
    expect(text.stdout).toContain(`${sweepId}  cli-small  done`);
    expect(text.stdout).toContain('8/8 done, 0 failed');
    // --watch on a finished sweep returns at once.
    expect(await swis('sweep', 'status', sweepId, '--watch', '--interval', '50')).toMatchObject({ code: 0 });
  });

  it("lists the team's sweeps", async () => {
    const run = await swis('sweep', 'list', '--json', '--status', 'done');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as SweepStatus[]).map((s) => s.id)).toEqual([sweepId]);
    const table = await swis('sweep', 'list');
    expect(table.stdout.split('\n')[0]).toMatch(/^id +name +status +model +done +failed +created$/);
    expect(table.stdout).toContain(sweepId);
    expect((await swis('sweep', 'list', '--status', 'running', '--json')).stdout).toBe('[]');
  });

  it("prints the Pareto front the API computes, with the spec's or the given objectives", async () => {
    const api = await stack.client.paretoFront(sweepId);
    const json = await swis('sweep', 'pareto', sweepId, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(api);

    const table = await swis('sweep', 'pareto', sweepId);
    const [header, rule, ...rows] = table.stdout.split('\n');
    expect(header).toMatch(
      /^id +variant +N +G +scale +arch +array +bitsPerWeight:min +cycles:min +sqnrDb:max$/,
    );
    expect(rule).toMatch(/^-+( +-+)+$/);
    expect(rows.at(-1)).toBe(`${api.items.length} points on the front of 8 done`);
    expect(rows.slice(0, -1).map((row) => row.split(/ +/)[0])).toEqual(api.items.map((p) => p.id));
    expect(rows[0]).toMatch(/ (swis|truncation) +[23] +16 +per-filter +swis +(32x32|16x16) ws /);

    const objectives = ['cycles:min', 'energyPj:min'];
    const picked = await swis('sweep', 'pareto', sweepId, '--objectives', objectives.join(','), '--json');
    const front = JSON.parse(picked.stdout) as { objectives: string[]; items: { id: string }[] };
    expect(front.objectives).toEqual(objectives);
    expect(front.items.map((p) => p.id)).toEqual(
      (await stack.client.pareto(sweepId, objectives)).map((p) => p.id),
    );
  });

  it('exports every point as CSV (stdout or a file) and as JSON lines', async () => {
    const points = await stack.client.allPoints(sweepId);
    const ids = points.map((p) => p.id).sort();

    const run = await swis('sweep', 'export', sweepId, '--csv');
    expect(run.code).toBe(0);
    const [header, ...rows] = csvRows(run.stdout);
    expect(header!.slice(0, 4)).toEqual(['id', 'status', 'gridIndex', 'variant']);
    expect(rows).toHaveLength(8);
    expect(rows.every((row) => row.length === header!.length && row[1] === 'done')).toBe(true);
    expect(rows.map((row) => row[0]).sort()).toEqual(ids);

    const out = join(dir, 'points.csv');
    const toFile = await swis('sweep', 'export', sweepId, '--out', out, '--status', 'done');
    expect(toFile).toMatchObject({ code: 0, stdout: '', stderr: `wrote ${out}` });
    const bytes = await readFile(out, 'utf8');
    expect(bytes).toMatch(/\r\n$/);
    expect(csvRows(bytes)).toEqual([header, ...rows]);

    const lines = await swis('sweep', 'export', sweepId, '--json');
    const parsed = lines.stdout.split('\n').map((line) => JSON.parse(line) as { id: string });
    expect(parsed).toEqual(points);
    expect((await swis('sweep', 'export', sweepId, '--status', 'failed', '--json')).stdout).toBe('');
  });

  it('cancels a running sweep, and --watch then exits 1 saying so', async () => {
    const big = {
      ...SPEC,
      name: 'cli-cancel',
      axes: { ...SPEC.axes, bits: [1, 2, 3, 4], groupSize: [8, 16] },
    };
    const submitted = await swis('sweep', 'submit', await specFile('big.json', big), '--json');
    expect(submitted.code).toBe(0);
    const id = (JSON.parse(submitted.stdout) as SweepStatus).id;
    const cancel = await swis('sweep', 'cancel', id);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toMatch(new RegExp(`^cancelled ${id}: \\d+ points cancelled`));
    const watch = await swis('sweep', 'status', id, '--watch', '--interval', '100');
    expect(watch.code).toBe(1);
    expect(watch.errors.at(-1)).toMatch(new RegExp(`^swis sweep: sweep ${id} cancelled: \\d+/32 done`));
    const again = await swis('sweep', 'cancel', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`sweep ${id} is already cancelled`);
  });

  it("prints a bad spec's issues one per line, path first", async () => {
    const bad = { ...SPEC, axes: { ...SPEC.axes, bits: [2, 2] } };
    const run = await swis('sweep', 'submit', await specFile('bad.json', bad));
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.stderr.split('\n')).toContainEqual(expect.stringMatching(/^axes\.bits\.1: duplicate value 2/));
    const notJson = await swis(
      'sweep',
      'submit',
      await writeFile(join(dir, 'broken.json'), '{').then(() => join(dir, 'broken.json')),
    );
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/broken\.json: not JSON/);
    expect((await swis('sweep', 'submit', join(dir, 'missing.json'))).code).toBe(1);
  });

  it("answers 'no sweep' for an unknown id, and refuses a wrong key", async () => {
    for (const command of ['status', 'pareto', 'export', 'cancel']) {
      expect(await swis('sweep', command, 'no-such-sweep')).toMatchObject({
        code: 1,
        stderr: "swis sweep: no sweep no-such-sweep for this key's team",
      });
    }
    process.env.SWIS_API_KEY = 'swis_wrong';
    try {
      expect(await swis('sweep', 'status', sweepId)).toMatchObject({
        code: 1,
        stderr: 'swis sweep: the API key was refused (SWIS_API_KEY)',
      });
    } finally {
      process.env.SWIS_API_KEY = stack.key;
    }
    const keyFile = join(dir, 'key');
    await writeFile(keyFile, `${stack.key}\n`);
    delete process.env.SWIS_API_KEY;
    try {
      expect(await swis('sweep', 'status', sweepId, '--key-file', keyFile)).toMatchObject({ code: 0 });
      const missing = await swis('sweep', 'status', sweepId);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^swis sweep: SWIS_API_KEY is not set/);
    } finally {
      process.env.SWIS_API_KEY = stack.key;
    }
  });

  it('says it cannot reach a server that is down', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await swis('sweep', 'status', sweepId, '--url', url);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^swis sweep: cannot reach ${url}: .*ECONNREFUSED`));
    process.env.SWIS_URL = url;
    try {
      expect((await swis('sweep', 'list')).stderr).toContain(`cannot reach ${url}`);
    } finally {
      process.env.SWIS_URL = stack.baseUrl;
    }
  });
});

describe('swis sweep usage', () => {
  it('names the flag at fault and exits 2', async () => {
    const cases: [string[], string][] = [
      [['sweep'], 'give a subcommand'],
      [['sweep', 'frobnicate'], "unknown subcommand 'frobnicate'"],
      [['sweep', 'status'], 'give exactly one ID'],
      [['sweep', 'status', 'x', '--key', 'k'], '--key: not accepted'],
      [['sweep', 'status', 'x', '--interval', '0'], '--interval: expected a positive integer'],
      [['sweep', 'list', '--status', 'bogus'], '--status: expected one of queued'],
      [['sweep', 'pareto', 'x', '--objectives', 'cycles:min'], '--objectives: give at least two objectives'],
      [['sweep', 'pareto', 'x', '--objectives', 'cycles:min,speed:max'], '--objectives: must be metric:min'],
      [['sweep', 'export', 'x', '--csv', '--json'], '--csv, --json: give one'],
      [['sweep', 'status', 'x', '--url', 'ftp://host'], '--url: expected an http(s) URL'],
    ];
    for (const [argv, message] of cases) {
      const run = await swis(...argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr, argv.join(' ')).toContain(message);
      expect(run.stderr).toContain('Usage: swis sweep SUBCOMMAND');
    }
    expect((await swis('sweep', '--help')).stdout).toContain("visible to every user in 'ps'");
  });

  it('draws the progress bar', () => {
    const status = {
      id: 's',
      name: 'n',
      status: 'running',
      counts: { total: 1200, done: 540, failed: 3, pending: 600, running: 57, cancelled: 0 },
      progress: 543 / 1200,
      etaSeconds: 12.4,
    } as const;
    expect(progressLine(status)).toBe('[#########...........]  45%  540/1200 done, 3 failed, ETA 12 s');
    expect(progressLine({ ...status, status: 'queued', progress: 0, etaSeconds: null })).toBe(
      '[....................]   0%  540/1200 done, 3 failed, queued',
    );
    expect(progressLine({ ...status, etaSeconds: 600 })).toMatch(/ETA 10 min$/);
  });
});
