import type { SweepSpec } from '@swis-dse/swis-core';
import type { Db } from '../create-db.js';
import { METRIC_COLUMNS } from './metric-columns.js';

/** The points of one batch a worker still has to evaluate, with what it needs to evaluate them. */
export interface BatchToRun {
  readonly sweepId: string;
  readonly teamId: string;
  readonly spec: SweepSpec;
  readonly modelHash: string;
  readonly points: readonly { id: string; configHash: string; config: unknown }[];
}

/** A point's outcome: its metrics and per-layer detail, or why it cannot be evaluated. */
export type PointResult =
  | {
      readonly configHash: string;
      readonly metrics: Record<string, unknown>;
      readonly detail: unknown;
      readonly evalMs: number;
    }
  | { readonly configHash: string; readonly error: string };

/**
 * Marks the batch's pending points running and returns every unfinished one (running ones too: their
 * worker may have died). Null when the sweep is gone, cancelled or finished, or the batch has nothing left.
 */
export async function claimBatch(db: Db, sweepId: string, batchKey: string): Promise<BatchToRun | null> {
  return db.$transaction(async (tx) => {
    const sweeps = await tx.$queryRaw<
      { teamId: string; spec: SweepSpec; modelHash: string; status: string }[]
    >`
      SELECT "teamId", spec, "modelHash", status::text AS status FROM "Sweep"
      WHERE id = ${sweepId}::uuid FOR UPDATE`;
    const sweep = sweeps[0];
    if (sweep === undefined || (sweep.status !== 'queued' && sweep.status !== 'running')) return null;
    const points = await tx.$queryRaw<{ id: string; configHash: string; config: unknown; status: string }[]>`
      UPDATE "Point" SET attempts = attempts + 1, status = 'running', "updatedAt" = now()
      WHERE "sweepId" = ${sweepId}::uuid AND "batchKey" = ${batchKey} AND status IN ('pending', 'running')
      RETURNING id, "configHash", config, (SELECT status::text FROM "Point" old WHERE old.id = "Point".id) AS status`;
    if (points.length === 0) return null;
    // RETURNING sees the new row; the sub-select above sees the snapshot before this statement.
    const started = points.filter((p) => p.status === 'pending').length;
    await tx.$executeRaw`
      UPDATE "Sweep" SET "runningPoints" = "runningPoints" + ${started},
        status = 'running', "startedAt" = COALESCE("startedAt", now()),
        version = version + CASE WHEN ${started} > 0 OR status = 'queued' THEN 1 ELSE 0 END,
        "updatedAt" = now()
      WHERE id = ${sweepId}::uuid`;
    return {
      sweepId,
      teamId: sweep.teamId,
      spec: sweep.spec,
      modelHash: sweep.modelHash,
      points: points.map(({ id, configHash, config }) => ({ id, configHash, config })),
    };
  });
}

/** JSON has no Infinity; a column does. */
function finiteOrText(value: unknown): number | string | null {
  if (typeof value !== 'number') return null;
  return Number.isFinite(value) ? value : String(value);
}

/**
 * Stores the outcomes of a batch's points, exactly once: a point already done, failed or cancelled is
 * left alone, so a retried or duplicated job changes nothing. Moves the sweep's counters by the points
 * that actually changed and finishes the sweep when none is left (failed when no point succeeded).
 */
export async function recordResults(db: Db, sweepId: string, results: readonly PointResult[]): Promise<void> {
  if (results.length === 0) return;
  const rows = results.map((result) => {
    const base = { configHash: result.configHash };
    if ('error' in result) return { ...base, status: 'failed', error: result.error };
    const columns = Object.fromEntries(METRIC_COLUMNS.map((m) => [m, finiteOrText(result.metrics[m])]));
    return {
      ...base,
      status: 'done',
      metrics: result.metrics,
      detail: result.detail,
      evalMs: result.evalMs,
      ...columns,
    };
  });
  const columnTypes = METRIC_COLUMNS.map((m) => `"${m}" float8`).join(', ');
  const columnSets = METRIC_COLUMNS.map((m) => `"${m}" = r."${m}"`).join(', ');
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Sweep" WHERE id = ${sweepId}::uuid FOR UPDATE`;
    const changed = await tx.$queryRawUnsafe<{ before: string; after: string }[]>(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb) AS r("configHash" text, status text, error text,
           metrics jsonb, detail jsonb, "evalMs" float8, ${columnTypes})
       ), old AS (
         SELECT p.id, p.status::text AS before FROM "Point" p JOIN r USING ("configHash")
         WHERE p."sweepId" = $1::uuid AND p.status IN ('pending', 'running') FOR UPDATE OF p
       )
       UPDATE "Point" p SET status = r.status::"PointStatus", error = r.error, metrics = r.metrics,
         detail = r.detail, "evalMs" = r."evalMs", ${columnSets}, "updatedAt" = now()
       FROM r, old WHERE p.id = old.id AND p."configHash" = r."configHash"
       RETURNING old.before, r.status AS after`,
      sweepId,
      JSON.stringify(rows),
    );
    if (changed.length === 0) return;
    const done = changed.filter((c) => c.after === 'done').length;
    const failed = changed.length - done;
    const wasRunning = changed.filter((c) => c.before === 'running').length;
    await tx.$executeRaw`
      UPDATE "Sweep" SET "donePoints" = "donePoints" + ${done}, "failedPoints" = "failedPoints" + ${failed},
        "runningPoints" = "runningPoints" - ${wasRunning}, version = version + 1, "updatedAt" = now()
      WHERE id = ${sweepId}::uuid`;
    await tx.$executeRaw`
      UPDATE "Sweep" SET status = CASE WHEN "donePoints" = 0 THEN 'failed'::"SweepStatus" ELSE 'done'::"SweepStatus" END,
        "finishedAt" = now(), "runningPoints" = 0
      WHERE id = ${sweepId}::uuid AND status IN ('queued', 'running')
        AND "donePoints" + "failedPoints" + "cancelledPoints" = "totalPoints"`;
  });
}

/** Every batch of a queued or running sweep that still has pending or running points. */
export async function unfinishedBatches(db: Db): Promise<{ sweepId: string; batchKey: string }[]> {
  return db.$queryRaw<{ sweepId: string; batchKey: string }[]>`
    SELECT DISTINCT p."sweepId"::text AS "sweepId", p."batchKey" FROM "Point" p
    JOIN "Sweep" s ON s.id = p."sweepId"
    WHERE s.status IN ('queued', 'running') AND p.status IN ('pending', 'running')`;
}
