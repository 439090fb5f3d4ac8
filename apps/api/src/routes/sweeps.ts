import { cancelSweep, createSweep, getSweep, listSweeps } from '@swis-dse/db';
import { SweepSpecSchema } from '@swis-dse/swis-core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../auth.js';
import type { RouteDeps } from '../deps.js';
import { ApiError, invalidField, notFound } from '../errors.js';
import { notModified, weakEtag } from '../etag.js';
import { IdSchema, pageQuery } from '../paging.js';
import {
  ERROR_RESPONSES,
  ErrorBodySchema,
  SweepStatusSchema as SweepBodySchema,
  SweepPageSchema,
} from '../schemas.js';
import { isStorableText, UNSTORABLE_TEXT } from '../storable-text.js';
import { batchKeysOf, checkAccuracyObjective, planPoints, resolveModelHash } from '../sweep-plan.js';
import { sweepView } from '../sweep-view.js';

const SweepStatusSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,200}$/;

function checkStorable(spec: { name: string; model: string }): void {
  for (const field of ['name', 'model'] as const) {
    if (!isStorableText(spec[field])) throw invalidField(field, UNSTORABLE_TEXT);
  }
}

function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
    throw invalidField('Idempotency-Key', 'must be 1 to 200 printable ASCII characters, given once');
  }
  return header;
}

/** POST/GET /v1/sweeps, GET /v1/sweeps/:id, POST /v1/sweeps/:id/cancel. */
export function sweepRoutes({ db, queue, caches }: RouteDeps) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/sweeps',
      {
        schema: {
          tags: ['sweeps'],
          summary: 'Submit a sweep (honours Idempotency-Key)',
          body: SweepSpecSchema,
          response: { 202: SweepBodySchema, ...ERROR_RESPONSES, 409: ErrorBodySchema, 413: ErrorBodySchema },
        },
      },
      async (request, reply) => {
        const { teamId } = callerOf(request);
        const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
        const spec = request.body;
        checkStorable(spec);
        const modelHash = await resolveModelHash(db, teamId, spec.model);
        checkAccuracyObjective(spec.model, spec.objectives);
        const points = planPoints(spec);
        const { sweep, created, batchKeys } = await createSweep(db, {
          teamId,
          spec,
          modelHash,
          idempotencyKey,
          points,
        });
        try {
          await queue.enqueue(batchKeys.map((batchKey) => ({ sweepId: sweep.id, batchKey })));
        } catch (err) {
          // Postgres holds the points; the workers' reconciler enqueues them once the queue is back.
          request.log.error(
            { err, sweepId: sweep.id },
            'enqueue failed; leaving the sweep to the reconciler',
          );
        }
        if (!created && idempotencyKey !== undefined) reply.header('Idempotent-Replayed', 'true');
        request.log.info({ sweepId: sweep.id, created, points: points.length }, 'sweep submitted');
        return reply.code(202).header('Location', `/v1/sweeps/${sweep.id}`).send(sweepView(sweep));
      },
    );

    app.get(
      '/sweeps',
      {
        schema: {
          tags: ['sweeps'],
          summary: "The team's sweeps, newest first",
          querystring: z.object({
            ...pageQuery({ defaultLimit: 20, maxLimit: 100 }),
            status: SweepStatusSchema.optional(),
          }),
          response: { 200: SweepPageSchema, ...ERROR_RESPONSES },
        },
      },
      async (request) => {
        const { teamId } = callerOf(request);
        const { limit, cursor, status } = request.query;
        const page = await listSweeps(db, teamId, { limit, cursor, status });
        const items = page.items.map((sweep) => {
          const { spec: _spec, ...view } = sweepView(sweep);
          return view;
        });
        return { items, nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/sweeps/:id',
      {
        schema: {
          tags: ['sweeps'],
          summary: 'Status, counts, progress and ETA (ETag; If-None-Match answers 304)',
          params: z.object({ id: IdSchema }),
          response: {
            200: SweepBodySchema,
            304: z.null().describe('Not modified: no body'),
            ...ERROR_RESPONSES,
          },
        },
      },
      async (request, reply) => {
        const { teamId } = callerOf(request);
        const { id } = request.params;
        const sweep = await caches.sweeps.get(`${teamId}:${id}`, () => getSweep(db, teamId, id));
        if (sweep === null) throw notFound('sweep', id);
        if (notModified(request, reply, weakEtag(sweep.id, sweep.version))) return reply.code(304).send(null);
        return sweepView(sweep);
      },
    );

    app.post(
      '/sweeps/:id/cancel',
      {
        schema: {
          tags: ['sweeps'],
          summary: 'Cancel the pending and running points of a sweep',
          params: z.object({ id: IdSchema }),
          response: { 200: SweepBodySchema, ...ERROR_RESPONSES, 409: ErrorBodySchema },
        },
      },
      async (request, reply) => {
        const { teamId } = callerOf(request);
        const { id } = request.params;
        const current = await getSweep(db, teamId, id);
        if (current === null) throw notFound('sweep', id);
        if (current.status !== 'queued' && current.status !== 'running') {
          throw new ApiError('SWIS_ERR_API_CONFLICT', `sweep ${id} is already ${current.status}`, [
            {
              path: 'status',
              message: `is ${current.status}; only queued or running sweeps can be cancelled`,
            },
          ]);
        }
        const sweep = await cancelSweep(db, teamId, id);
        caches.sweeps.delete(`${teamId}:${id}`);
        if (sweep === null) throw notFound('sweep', id);
        try {
          await queue.remove(batchKeysOf(sweep.spec).map((batchKey) => ({ sweepId: id, batchKey })));
        } catch (err) {
          // Workers skip the points of a cancelled sweep anyway (claimBatch answers null).
          request.log.warn({ err, sweepId: id }, 'could not remove queued jobs');
        }
        reply.header('ETag', weakEtag(sweep.id, sweep.version));
        return sweepView(sweep);
      },
    );
  };
}
