import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { getSweep } from '@swis-dse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSweep, newTeam, SMALL_SPEC } from './support/sweeps.js';
import { acquireTestDatabase, type TestDatabase } from './support/test-database.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let database: TestDatabase;
let child: ChildProcess | undefined;

beforeAll(async () => {
  database = await acquireTestDatabase();
});

afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await database?.release();
});

describe('npm run worker (main.ts)', () => {
  it('forks WORKER_PROCESSES workers whose reconcilers pick up a sweep nobody enqueued, and stops on SIGTERM', async () => {
    const { db } = database;
    const teamId = await newTeam(db);
    const sweep = await newSweep(db, teamId, {
      ...SMALL_SPEC,
      name: 'main',
      axes: { ...SMALL_SPEC.axes, bits: [2, 3], hardware: SMALL_SPEC.axes.hardware.slice(0, 1) },
    });
    let output = '';
    // As `npm run worker` runs it: the tsx CLI relays SIGTERM to main.ts.
    child = spawn(`${root}node_modules/.bin/tsx`, ['apps/worker/src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        QUEUE_PREFIX: `m_${randomBytes(6).toString('hex')}`,
        WORKER_PROCESSES: '2',
        RECONCILE_INTERVAL_MS: '500',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const deadline = Date.now() + 30_000;
    let status = (await getSweep(db, teamId, sweep.id))!.status;
    while (status !== 'done' && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await getSweep(db, teamId, sweep.id))!.status;
    }
    expect(status, output).toBe('done');
    // One process may have run both batches before the other finished starting.
    const started = () =>
      new Set([...output.matchAll(/"pid":(\d+).*"msg":"worker started"/g)].map((m) => m[1]));
    while (started().size < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(started().size, output).toBe(2);

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code, output).toBe(0);
    expect(output.match(/"msg":"worker closed"/g)?.length, output).toBe(2);
  }, 60_000);
});
