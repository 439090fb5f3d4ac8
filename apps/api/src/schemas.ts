import { z } from 'zod';

/** HTTP shapes only (envelopes, views); domain inputs such as the sweep spec come from swis-core. */

export const ErrorBodySchema = z
  .object({
    statusCode: z.number().int(),
    error: z.string(),
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .describe('Every error answer');

const CountsSchema = z.object({
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  running: z.number().int(),
  cancelled: z.number().int(),
});

const SweepSummaryShape = {
  id: z.string(),
  name: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  model: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  counts: CountsSchema,
  /** (done + failed + cancelled) / total, 0..1. */
  progress: z.number(),
  /** Seconds left at the rate since the start; null until measurable, 0 once finished. */
  etaSeconds: z.number().nullable(),
  objectives: z.array(z.string()),
};

export const SweepStatusSchema = z.object({ ...SweepSummaryShape, spec: z.record(z.string(), z.unknown()) });
export const SweepPageSchema = z.object({
  items: z.array(z.object(SweepSummaryShape)),
  nextCursor: z.string().nullable(),
});

export const PointSchema = z.object({
  id: z.string(),
  gridIndex: z.number().int(),
  status: z.enum(['pending', 'running', 'done', 'failed', 'cancelled']),
  config: z.unknown(),
  metrics: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().optional(),
});
export const PointDetailSchema = PointSchema.extend({
  evalMs: z.number().nullable(),
  detail: z.unknown(),
});
export const PointPageSchema = z.object({ items: z.array(PointSchema), nextCursor: z.string().nullable() });
export const ParetoSchema = z.object({
  objectives: z.array(z.string()),
  /** Done points with every objective metric that were compared. */
  considered: z.number().int(),
  items: z.array(PointSchema),
});

export const ModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  format: z.string(),
  contentHash: z.string(),
  sizeBytes: z.number().int(),
  layers: z.number().int(),
  weights: z.number().int(),
  /** [height, width] given with the upload, null when the file declares it. */
  inputSize: z.tuple([z.number().int(), z.number().int()]).nullable(),
  createdAt: z.string(),
});
export const ModelPageSchema = z.object({ items: z.array(ModelSchema), nextCursor: z.string().nullable() });

/** Error answers every authenticated route may give. */
export const ERROR_RESPONSES = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  404: ErrorBodySchema,
  503: ErrorBodySchema,
} as const;
