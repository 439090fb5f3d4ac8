import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../tests/support/service-processes.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('npm start (zero setup)', () => {
  it('runs the demo sweep on an embedded PostgreSQL with the PostgreSQL queue and prints its Pareto front', async () => {
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--exit'], {
      env: { ...env, PORT: String(await freePort()) },
      encoding: 'utf8',
      timeout: 240_000,
    });
    const output = run.stdout + run.stderr;
    expect(run.status, output).toBe(0);
    expect(output).toContain('PostgreSQL: embedded');
    expect(output).toContain("queue: BullMQ's PostgreSQL backend");
    expect(output).toMatch(/API key \(shown once\): swis_[A-Za-z0-9_-]{43}/);
    expect(output).toMatch(/demo sweep done in [\d.]+ s \(0 failed\)/);
    const table = output.slice(output.indexOf('Pareto front'));
    expect(table).toMatch(/variant\s+N\s+G\s+scale\s+array\s+bits\/w\s+Mcycles/);
    expect(
      table.split('\n').filter((line) => /^\s*(swis|swis-c|truncation|uniform)\s/.test(line)).length,
    ).toBeGreaterThan(0);
  }, 300_000);
});
