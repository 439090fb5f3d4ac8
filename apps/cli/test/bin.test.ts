import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNpy } from '../../../packages/models/test/helpers/make-npy.js';

const BIN = fileURLToPath(new URL('../bin/swis.js', import.meta.url));

/** Runs `node bin/swis.js ...args` from `cwd` as a user's shell would, resolving with its exit code. */
function swis(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(async () => {
  // Run from a directory outside the repository: the bin must find tsx and the sources on its own.
  dir = await mkdtemp(join(tmpdir(), 'swis-bin-'));
  const values = Array.from({ length: 4 * 3 * 3 * 3 }, (_, i) => Math.cos(i) * 0.1);
  await writeFile(join(dir, 'w.npy'), makeNpy({ shape: [4, 3, 3, 3], values }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('node apps/cli/bin/swis.js', () => {
  it('quantizes an .npy file and prints the JSON report on stdout, exit 0', async () => {
    const run = await swis(dir, 'quantize', '--weights', 'w.npy', '--bits', '2', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { weights: number; spec: { bits: number }; layers: unknown[] };
    expect(report).toMatchObject({ weights: 108, spec: { bits: 2 } });
    expect(report.layers).toHaveLength(1);
  });

  it('exits 2 on a usage error and 1 on a missing file, with the message on stderr', async () => {
    const usage = await swis(dir, 'quantize', '--weights', 'w.npy', '--bits', '9');
    expect(usage).toMatchObject({ code: 2, stdout: '' });
    expect(usage.stderr).toMatch(/^swis quantize: --bits: .*\n\nUsage: swis quantize/);
    const missing = await swis(dir, 'quantize', '--weights', 'nope.npy', '--bits', '2');
    expect(missing).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'swis quantize: nope.npy: does not exist\n',
    });
  });
});
