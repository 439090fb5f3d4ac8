import { type MetricId, MetricIdSchema } from '@swis-dse/swis-core';

/** Every objective metric has a Point column of the same name (for sorting, filtering and Pareto). */
export const METRIC_COLUMNS: readonly MetricId[] = MetricIdSchema.options;

/** A column name as SQL; only names from METRIC_COLUMNS (or gridIndex) ever reach a query. */
export function quoteColumn(name: MetricId | 'gridIndex'): string {
  if (name !== 'gridIndex' && !METRIC_COLUMNS.includes(name)) throw new Error(`not a point column: ${name}`);
  return `"${name}"`;
}
