import { computeCycles, parseHardware } from '@swis-dse/swis-core';
import { parseFlags, positiveInteger } from '../flags.js';
import { toJson } from '../json-output.js';
import { UsageError } from '../usage-error.js';
import type { CommandIo } from './command.js';

/** The flags `swis simulate --gemm` reads. */
export interface GemmFlags {
  readonly gemm: string;
  readonly arch?: string;
  readonly dataflow: string;
  readonly rows: string;
  readonly cols: string;
  readonly json: boolean;
}

/** `swis simulate --gemm M,N,K`: SCALE-Sim-exact compute cycles and utilization of one GEMM. */
export function simulateGemm(values: GemmFlags, io: CommandIo): void {
  const arch = values.arch ?? 'bit-parallel';
  if (arch !== 'bit-parallel') {
    throw new UsageError(`--arch: a bare GEMM is simulated on the bit-parallel array only, got '${arch}'`);
  }
  const [m, n, k] = parseGemm(values.gemm);
  const hardware = parseFlags(() =>
    parseHardware({
      rows: positiveInteger('--rows', values.rows),
      cols: positiveInteger('--cols', values.cols),
      dataflow: values.dataflow,
    }),
  );
  const result = computeCycles({ m, n, k }, hardware);
  const report = {
    gemm: { m, n, k },
    arch,
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
