import { z } from 'zod';

/**
 * What a sweep can optimize, one per evaluated point:
 * - bitsPerWeight: average storage bits per weight: signs, bit planes and shift sets; the float32 scales are
 *   reported separately as scaleBitsPerWeight (bits)
 * - cycles: network latency (clock cycles)
 * - energyPj: network energy (pJ)
 * - areaMm2: PE-array area (mm^2)
 * - dramBytes: off-chip traffic (bytes)
 * - sqnrDb: weight signal-to-quantization-noise ratio (dB)
 * - sse: sum of squared weight quantization errors (unitless, in weight units squared)
 * - accuracy: top-1 accuracy when the model has an evaluation set (fraction 0..1)
 * - speedupVsBaseline: baseline cycles / point cycles (ratio)
 * - energyRatioVsBaseline: baseline energy / point energy, above 1 when the point saves energy (ratio)
 */
export const MetricIdSchema = z.enum([
  'bitsPerWeight',
  'cycles',
  'energyPj',
  'areaMm2',
  'dramBytes',
  'sqnrDb',
  'sse',
  'accuracy',
  'speedupVsBaseline',
  'energyRatioVsBaseline',
]);
export type MetricId = z.infer<typeof MetricIdSchema>;

/** Whether smaller (min) or larger (max) values of a metric are better. */
export const DirectionSchema = z.enum(['min', 'max']);
export type Direction = z.infer<typeof DirectionSchema>;

/** One objective as written in a spec or a query string, e.g. `cycles:min`. */
export const ObjectiveTextSchema = z.templateLiteral([MetricIdSchema, ':', DirectionSchema], {
  error: `must be metric:min or metric:max with metric one of ${MetricIdSchema.options.join(', ')}`,
});
export type ObjectiveText = z.infer<typeof ObjectiveTextSchema>;

/** 2..k objectives, each metric at most once (a metric twice, in either direction, is a mistake). */
export const ObjectiveTextListSchema = z
  .array(ObjectiveTextSchema)
  .min(2, 'give at least two objectives')
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((text, i) => {
      const metric = text.slice(0, text.indexOf(':'));
      const first = seen.get(metric);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: [i], message: `metric ${metric} repeats objective ${first}` });
      } else {
        seen.set(metric, i);
      }
    });
  });

/** An objective split into its metric and direction. */
export const ObjectiveSchema = ObjectiveTextSchema.transform((text) => {
  const [metric, direction] = text.split(':') as [MetricId, Direction];
  return { metric, direction };
});
export type Objective = z.output<typeof ObjectiveSchema>;

/** A validated objective list, split into metrics and directions. */
export const ObjectiveListSchema = ObjectiveTextListSchema.transform((list) =>
  list.map((text) => ObjectiveSchema.parse(text)),
);
