import { ArchitectureIdSchema, MetricIdSchema, VariantIdSchema } from '@swis-dse/swis-core';
import { z } from 'zod';
import { IdSchema, listParam, pageQuery } from './paging.js';

export const PointStatusSchema = z.enum(['pending', 'running', 'done', 'failed', 'cancelled']);

const SORT_KEYS = ['gridIndex', ...MetricIdSchema.options] as const;
const FILTER_OPS = ['lt', 'lte', 'gt', 'gte', 'eq'] as const;

/** `key:asc|desc` with key gridIndex or a metric. */
const SortSchema = z.string().transform((text, ctx) => {
  const [key, direction, extra] = text.split(':');
  const keyOk = (SORT_KEYS as readonly string[]).includes(key ?? '');
  if (!keyOk || (direction !== 'asc' && direction !== 'desc') || extra !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `must be key:asc or key:desc with key one of ${SORT_KEYS.join(', ')}`,
    });
    return z.NEVER;
  }
  return { key: key as (typeof SORT_KEYS)[number], direction: direction as 'asc' | 'desc' };
});

/** `metric:op:value`, e.g. `sqnrDb:gte:20`. */
const FilterSchema = z.string().transform((text, ctx) => {
  const [metric, op, value, extra] = text.split(':');
  const metricOk = (MetricIdSchema.options as readonly string[]).includes(metric ?? '');
  const opOk = (FILTER_OPS as readonly string[]).includes(op ?? '');
  const number = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
  if (!metricOk || !opOk || !Number.isFinite(number) || extra !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `'${text}' must be metric:op:number with op one of ${FILTER_OPS.join(', ')} and metric one of ${MetricIdSchema.options.join(', ')}`,
    });
    return z.NEVER;
  }
  return {
    metric: metric as z.infer<typeof MetricIdSchema>,
    op: op as (typeof FILTER_OPS)[number],
    value: number,
  };
});

export const SweepParamsSchema = z.object({ id: IdSchema });

/** Query of GET /v1/sweeps/:id/points. */
export const PointsQuerySchema = z.object({
  ...pageQuery({ defaultLimit: 100, maxLimit: 1000 }),
  sort: SortSchema.optional(),
  status: listParam(PointStatusSchema).optional(),
  /** Repeatable. */
  filter: listParam(FilterSchema).optional(),
  variant: listParam(VariantIdSchema).optional(),
  arch: listParam(ArchitectureIdSchema).optional(),
  /** `csv` answers CSV like `Accept: text/csv`. */
  format: z.enum(['json', 'csv']).optional(),
});
export type PointsQuery = z.infer<typeof PointsQuerySchema>;
