import { getSweep, paretoPoints } from '@swis-dse/db';
import { ObjectiveListSchema } from '@swis-dse/swis-core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../auth.js';
import { CSV_HEADER, csvLine, pointCsvLine } from '../csv.js';
import type { ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { SweepParamsSchema } from '../point-query.js';
import { pointView } from '../point-view.js';
import { ERROR_RESPONSES, ParetoSchema } from '../schemas.js';
import { checkAccuracyObjective } from '../sweep-plan.js';
import { sendCsv, wantsCsv } from './points.js';

const ParetoQuerySchema = z.object({
  /** Comma-separated `metric:min|max`, 2..k of them. @defaultValue the sweep's objectives */
  objectives: z
    .string()
    .transform((text) => text.split(',').map((t) => t.trim()))
    .pipe(ObjectiveListSchema)
    .optional(),
  format: z.enum(['json', 'csv']).optional(),
});

/** GET /v1/sweeps/:id/pareto: the non-dominated done points over 2..k objectives. */
export function paretoRoutes({ db }: ApiDeps) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/sweeps/:id/pareto',
      {
        schema: {
          tags: ['points'],
          summary: 'Pareto front of the done points (Accept: text/csv for CSV)',
          params: SweepParamsSchema,
          querystring: ParetoQuerySchema,
          response: { 200: ParetoSchema, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const { teamId } = callerOf(request);
        const { id } = request.params;
        const sweep = await getSweep(db, teamId, id);
        if (sweep === null) throw notFound('sweep', id);
        const objectives = request.query.objectives ?? ObjectiveListSchema.parse(sweep.spec.objectives);
        const texts = objectives.map(({ metric, direction }) => `${metric}:${direction}`);
        checkAccuracyObjective(sweep.spec.model, texts);
        const front = await paretoPoints(db, teamId, id, objectives);
        if (front === null) throw notFound('sweep', id);
        const points = front.items;
        if (wantsCsv(request, request.query.format)) {
          async function* lines(): AsyncGenerator<string> {
            yield csvLine(CSV_HEADER);
            for (const point of points) yield pointCsvLine(point);
          }
          return sendCsv(reply, `sweep-${id}-pareto.csv`, lines());
        }
        return {
          objectives: texts,
          considered: front.considered,
          items: points.map(pointView),
        };
      },
    );
  };
}
