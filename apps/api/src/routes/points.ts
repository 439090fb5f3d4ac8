import { Readable } from 'node:stream';
import { getPoint, listPoints, type PointRecord } from '@swis-dse/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../auth.js';
import { CSV_HEADER, csvLine, pointCsvLine } from '../csv.js';
import type { ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { IdSchema } from '../paging.js';
import { type PointsQuery, PointsQuerySchema, SweepParamsSchema } from '../point-query.js';
import { pointView } from '../point-view.js';
import { ERROR_RESPONSES, PointDetailSchema, PointPageSchema } from '../schemas.js';

/** Page size the CSV export walks the cursor with. */
const CSV_PAGE = 1000;

/** True when the client asked for CSV (Accept: text/csv, or ?format=csv). */
export function wantsCsv(request: FastifyRequest, format?: string): boolean {
  if (format !== undefined) return format === 'csv';
  return (request.headers.accept ?? '').toLowerCase().includes('text/csv');
}

/** Sends `lines` as a CSV attachment named `filename`. */
export function sendCsv(reply: FastifyReply, filename: string, lines: AsyncIterable<string>) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${filename}"`)
    .send(Readable.from(lines));
}

/** GET /v1/sweeps/:id/points (JSON pages or the whole CSV) and GET /v1/sweeps/:id/points/:pointId. */
export function pointRoutes({ db }: ApiDeps) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/sweeps/:id/points',
      {
        schema: {
          tags: ['points'],
          summary: 'Points of a sweep: filter, sort, cursor pages; Accept: text/csv exports every match',
          params: SweepParamsSchema,
          querystring: PointsQuerySchema,
          response: {
            200: PointPageSchema.describe('JSON page; text/csv streams every match'),
            ...ERROR_RESPONSES,
          },
        },
      },
      async (request, reply) => {
        const { teamId } = callerOf(request);
        const { id } = request.params;
        const query = request.query;
        const options = listOptions(query);
        const csv = wantsCsv(request, query.format);
        const first = await listPoints(db, teamId, id, {
          ...options,
          limit: csv ? CSV_PAGE : query.limit,
          cursor: query.cursor,
        });
        if (first === null) throw notFound('sweep', id);
        if (!csv) return { items: first.items.map(pointView), nextCursor: first.nextCursor };

        async function* lines(): AsyncGenerator<string> {
          yield csvLine(CSV_HEADER);
          let page: { items: PointRecord[]; nextCursor: string | null } | null = first;
          while (page !== null) {
            for (const point of page.items) yield pointCsvLine(point);
            if (page.nextCursor === null) return;
            page = await listPoints(db, teamId, id, { ...options, limit: CSV_PAGE, cursor: page.nextCursor });
          }
        }
        return sendCsv(reply, `sweep-${id}-points.csv`, lines());
      },
    );

    app.get(
      '/sweeps/:id/points/:pointId',
      {
        schema: {
          tags: ['points'],
          summary: 'One point with its per-layer detail',
          params: z.object({ id: IdSchema, pointId: IdSchema }),
          response: { 200: PointDetailSchema, ...ERROR_RESPONSES },
        },
      },
      async (request) => {
        const { teamId } = callerOf(request);
        const { id, pointId } = request.params;
        const point = await getPoint(db, teamId, id, pointId);
        if (point === null) throw notFound('point', pointId);
        return { ...pointView(point), evalMs: point.evalMs, detail: point.detail };
      },
    );
  };
}

function listOptions(query: PointsQuery) {
  return {
    sort: query.sort,
    statuses: query.status,
    filters: query.filter,
    variants: query.variant,
    archs: query.arch,
  };
}
