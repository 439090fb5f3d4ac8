import { parseArgs } from 'node:util';
import { computeCycles, parseHardware } from '@swis-dse/swis-core';
import { toJson } from '../json-output.js';
import { UsageError } from '../usage-error.js';
import type { CommandIo } from './command.js';

/** Help text of `swis simulate`. */
export const SIMULATE_USAGE = `Usage: swis simulate --gemm M,N,K [options]

Simulates a GEMM (M output pixels, N filters, K reduction) on a rows x cols systolic array; the compute
cycles equal SCALE-Sim v2's stall-free "Total Cycles".

Options:
  --gemm M,N,K        the GEMM's dimensions
  --arch ARCH         bit-parallel (the only architecture a bare GEMM defines)   (default bit-parallel)
  --dataflow D        os | ws | is   (default ws)
  --rows R            PE rows (default 32)
  --cols C            PE columns (default 32)
  --json              print one JSON object`;

/** `swis simulate`: compute cycles and utilization of one GEMM. */
export async function simulateCommand(argv: readonly string[], io: CommandIo): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      gemm: { type: 'string' },
      arch: { type: 'string', default: 'bit-parallel' },
      dataflow: { type: 'string', default: 'ws' },
      rows: { type: 'string', default: '32' },
      cols: { type: 'string', default: '32' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.gemm === undefined) throw new UsageError('give --gemm M,N,K');
  if (values.arch !== 'bit-parallel') {
    throw new UsageError(
      `--arch: a bare GEMM is simulated on the bit-parallel array only, got '${values.arch}'`,
    );
  }
  const [m, n, k] = parseGemm(values.gemm);
  const hardware = parseFlags(() =>
    parseHardware({
      rows: integer('--rows', values.rows),
      cols: integer('--cols', values.cols),
      dataflow: values.dataflow,
    }),
  );
  const result = computeCycles({ m, n, k }, hardware);
  const report = {
    gemm: { m, n, k },
    arch: values.arch,
    dataflow: hardware.dataflow,
    rows: hardware.rows,
    cols: hardware.cols,
    ...result,
  };
  io.stdout(
    values.json
      ? toJson(report)
      : `GEMM ${m}x${n}x${k} on ${hardware.rows}x${hardware.cols} (${hardware.dataflow}): ${result.cycles} cycles, ` +
          `utilization ${(result.utilization * 100).toFixed(2)} %, ${result.folds} folds of ${result.foldCycles} cycles`,
  );
}

function parseGemm(text: string): [number, number, number] {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 3 || !parts.every((p) => Number.isSafeInteger(p) && p > 0)) {
    throw new UsageError(`--gemm: expected M,N,K as three positive integers, got '${text}'`);
  }
  return [parts[0]!, parts[1]!, parts[2]!];
}

function integer(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${flag}: expected a positive integer, got '${text}'`);
  }
  return value;
}

/** Turns schema issues into a usage error naming the flag (--rows for path "rows"). */
function parseFlags<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const issues = (error as { issues?: { path: readonly (string | number)[]; message: string }[] }).issues;
    if (issues === undefined) throw error;
    throw new UsageError(issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
  }
}
