import { describe, expect, it } from 'vitest';
import { swis } from './helpers/run-cli.js';

describe('swis simulate --gemm', () => {
  it("reproduces SCALE-Sim v2's published runs (GEMM 128x64x256 on 32x32)", async () => {
    const expected = { os: 2543, ws: 3551, is: 5055 };
    for (const [dataflow, cycles] of Object.entries(expected)) {
      const run = await swis(
        'simulate',
        '--gemm',
        '128,64,256',
        '--arch',
        'bit-parallel',
        '--dataflow',
        dataflow,
        '--rows',
        '32',
        '--cols',
        '32',
        '--json',
      );
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.cycles).toBe(cycles);
      expect(report.utilization).toBeGreaterThan(0);
      expect(report.utilization).toBeLessThanOrEqual(1);
      expect(report).toMatchObject({ gemm: { m: 128, n: 64, k: 256 }, dataflow, rows: 32, cols: 32 });
    }
  });

  it('prints a readable line without --json', async () => {
    const run = await swis('simulate', '--gemm', '128,64,256', '--dataflow', 'os');
    expect(run.stdout).toContain('2543 cycles');
  });

  it('names the flag on bad usage (exit 2)', async () => {
    for (const [args, flag] of [
      [['--gemm', '1,2'], '--gemm'],
      [['--gemm', '1,2,0'], '--gemm'],
      [['--gemm', '4,4,4', '--rows', '0'], '--rows'],
      [['--gemm', '4,4,4', '--dataflow', 'xs'], '--dataflow'],
      [['--gemm', '4,4,4', '--arch', 'swis'], '--arch'],
      [[], '--gemm'],
    ] as const) {
      const run = await swis('simulate', ...args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(flag);
    }
  });
});
