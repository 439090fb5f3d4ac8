import type { ApiPoint } from '@swis-dse/client';

const COLUMNS: [string, (p: ApiPoint) => string][] = [
  ['variant', (p) => String(p.config.quant.variant)],
  ['N', (p) => String(p.config.quant.bits ?? p.config.quant.budget)],
  ['G', (p) => String(p.config.quant.groupSize)],
  ['scale', (p) => String(p.config.quant.scale)],
  ['array', (p) => `${p.config.hardware.rows}x${p.config.hardware.cols} ${p.config.hardware.dataflow}`],
  ['bits/w', (p) => fixed(p.metrics?.bitsPerWeight, 3)],
  ['Mcycles', (p) => fixed(Number(p.metrics?.cycles) / 1e6, 3)],
  ['energy uJ', (p) => fixed(Number(p.metrics?.energyPj) / 1e6, 1)],
  ['SQNR dB', (p) => fixed(p.metrics?.sqnrDb, 2)],
  ['speedup', (p) => fixed(p.metrics?.speedupVsBaseline, 2)],
];

function fixed(value: unknown, digits: number): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '-';
}

/** The Pareto front as a plain-text table, one point per row. */
export function frontTable(points: readonly ApiPoint[]): string {
  const rows = [COLUMNS.map(([name]) => name), ...points.map((p) => COLUMNS.map(([, cell]) => cell(p)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padStart(widths[i]!)).join('  ')).join('\n');
}
