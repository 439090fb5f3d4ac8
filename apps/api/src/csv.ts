import type { PointRecord } from '@swis-dse/db';

/** Metric columns of the CSV export, in order; nested metrics are flattened with a dot. */
export const METRIC_COLUMNS = [
  'bitsPerWeight',
  'scaleBitsPerWeight',
  'sqnrDb',
  'sse',
  'mse',
  'cycles',
  'computeCycles',
  'memoryCycles',
  'energyPj',
  'energyBreakdownPj.compute',
  'energyBreakdownPj.buffers',
  'energyBreakdownPj.dram',
  'areaMm2',
  'dramBytes',
  'utilization',
  'imbalanceLoss',
  'speedupVsBaseline',
  'energyRatioVsBaseline',
  'accuracy',
] as const;

const CONFIG_COLUMNS = [
  ['variant', 'quant'],
  ['bits', 'quant'],
  ['budget', 'quant'],
  ['groupSize', 'quant'],
  ['baseBits', 'quant'],
  ['scale', 'quant'],
  ['scaleMethod', 'quant'],
  ['arch', 'simulation'],
  ['rows', 'hardware'],
  ['cols', 'hardware'],
  ['dataflow', 'hardware'],
  ['lanesPerPe', 'hardware'],
] as const;

/** The header row of the points CSV. */
export const CSV_HEADER = [
  'id',
  'status',
  'gridIndex',
  ...CONFIG_COLUMNS.map(([name]) => name),
  ...METRIC_COLUMNS,
  'error',
];

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; null and undefined empty. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line, CRLF-terminated. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function lookup(source: unknown, dotted: string): unknown {
  let value: unknown = source;
  for (const key of dotted.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A point as one CSV row in CSV_HEADER order. */
export function pointCsvLine(point: PointRecord): string {
  const config = point.config as Record<string, unknown> | null;
  return csvLine([
    point.id,
    point.status,
    point.gridIndex,
    ...CONFIG_COLUMNS.map(([name, part]) => lookup(config?.[part], name)),
    ...METRIC_COLUMNS.map((name) => lookup(point.metrics, name)),
    point.error,
  ]);
}
