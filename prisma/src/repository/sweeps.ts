import { canonicalJson, type SweepSpec } from '@swis-dse/swis-core';
import { Prisma } from '../../generated/client.js';
import type { Db } from '../create-db.js';
import { decodeCursor, encodeCursor, isUuid } from './cursor.js';
import { ConflictError } from './errors.js';
import { SWEEP_COLUMNS, type SweepRecord, type SweepStatusName, toSweepRecord } from './sweep-record.js';

/** One planned point of a new sweep. */
export interface NewPoint {
  readonly gridIndex: number;
  readonly configHash: string;
  readonly batchKey: string;
  readonly config: unknown;
}

export interface NewSweep {
  readonly teamId: string;
  readonly spec: SweepSpec;
  readonly modelHash: string;
  readonly idempotencyKey?: string | undefined;
  readonly points: readonly NewPoint[];
}

/** Rows per INSERT; keeps each statement's parameters and size bounded. */
const INSERT_CHUNK = 2000;

/**
 * Stores a sweep and all its points in one transaction. With an idempotency key already used by the
 * team: the same spec returns the stored sweep (created false); another spec is a ConflictError.
 * @returns the sweep, whether it was created, and its distinct batch keys (the jobs to enqueue)
 */
export async function createSweep(
  db: Db,
  sweep: NewSweep,
): Promise<{ sweep: SweepRecord; created: boolean; batchKeys: string[] }> {
  const batchKeys = [...new Set(sweep.points.map((p) => p.batchKey))];
  if (sweep.idempotencyKey !== undefined) {
    const replay = await findReplay(db, sweep);
    if (replay !== null) return { sweep: replay, created: false, batchKeys };
  }
  try {
    const created = await db.$transaction(
      async (tx) => {
        const row = await tx.sweep.create({
          data: {
            teamId: sweep.teamId,
            name: sweep.spec.name,
            spec: sweep.spec as unknown as Prisma.InputJsonValue,
            modelHash: sweep.modelHash,
            totalPoints: sweep.points.length,
            idempotencyKey: sweep.idempotencyKey ?? null,
          },
          select: SWEEP_COLUMNS,
        });
        for (let i = 0; i < sweep.points.length; i += INSERT_CHUNK) {
          await tx.point.createMany({
            data: sweep.points.slice(i, i + INSERT_CHUNK).map((p) => ({
              sweepId: row.id,
              gridIndex: p.gridIndex,
              configHash: p.configHash,
              batchKey: p.batchKey,
              config: p.config as Prisma.InputJsonValue,
            })),
          });
        }
        return row;
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    return { sweep: toSweepRecord(created), created: true, batchKeys };
  } catch (error) {
    // Two requests with one new key raced; the loser answers like a replay.
    if (
      sweep.idempotencyKey !== undefined &&
      error instanceof Prisma.PrismaClientKnownRequestError &&
      error.code === 'P2002'
    ) {
      const replay = await findReplay(db, sweep);
      if (replay !== null) return { sweep: replay, created: false, batchKeys };
    }
    throw error;
  }
}

async function findReplay(db: Db, sweep: NewSweep): Promise<SweepRecord | null> {
  const row = await db.sweep.findUnique({
    where: { teamId_idempotencyKey: { teamId: sweep.teamId, idempotencyKey: sweep.idempotencyKey! } },
    select: SWEEP_COLUMNS,
  });
  if (row === null) return null;
  if (canonicalJson(row.spec) !== canonicalJson(sweep.spec)) {
    throw new ConflictError(`Idempotency-Key was already used for sweep ${row.id} with a different spec`, [
      'headers',
      'idempotency-key',
    ]);
  }
  return toSweepRecord(row);
}

/** The team's sweep, or null when it does not exist or is another team's. */
export async function getSweep(db: Db, teamId: string, id: string): Promise<SweepRecord | null> {
  if (!isUuid(id)) return null;
  const row = await db.sweep.findFirst({ where: { id, teamId }, select: SWEEP_COLUMNS });
  return row === null ? null : toSweepRecord(row);
}

/** The team's sweeps, newest first. */
export async function listSweeps(
  db: Db,
  teamId: string,
  page: { limit: number; cursor?: string | undefined; status?: SweepStatusName | undefined },
): Promise<{ items: SweepRecord[]; nextCursor: string | null }> {
  const sort = `sweeps:${page.status ?? 'all'}`;
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, sort);
  const rows = await db.sweep.findMany({
    where: {
      teamId,
      ...(page.status === undefined ? {} : { status: page.status }),
      ...(after === undefined
        ? {}
        : {
            OR: [
              { createdAt: { lt: new Date(after.value as string) } },
              { createdAt: new Date(after.value as string), id: { lt: after.id } },
            ],
          }),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    select: SWEEP_COLUMNS,
  });
  const items = rows.slice(0, page.limit).map(toSweepRecord);
  const last = items.at(-1);
  const nextCursor =
    rows.length > page.limit && last !== undefined
      ? encodeCursor({ sort, value: last.createdAt.toISOString(), id: last.id })
      : null;
  return { items, nextCursor };
}

/**
 * Cancels a queued or running sweep: its pending and running points become cancelled (a worker that
 * finishes one of them afterwards does not store it). Null when the team has no such sweep;
 * ConflictError when it has already finished.
 */
export async function cancelSweep(db: Db, teamId: string, id: string): Promise<SweepRecord | null> {
  if (!isUuid(id)) return null;
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ status: SweepStatusName }[]>`
      SELECT status FROM "Sweep" WHERE id = ${id}::uuid AND "teamId" = ${teamId}::uuid FOR UPDATE`;
    const status = locked[0]?.status;
    if (status === undefined) return null;
    if (status !== 'queued' && status !== 'running') {
      throw new ConflictError(`sweep ${id} is already ${status}`, ['params', 'id']);
    }
    const { count } = await tx.point.updateMany({
      where: { sweepId: id, status: { in: ['pending', 'running'] } },
      data: { status: 'cancelled' },
    });
    const row = await tx.sweep.update({
      where: { id },
      data: {
        status: 'cancelled',
        cancelledPoints: { increment: count },
        runningPoints: 0,
        finishedAt: new Date(),
        version: { increment: 1 },
      },
      select: SWEEP_COLUMNS,
    });
    return toSweepRecord(row);
  });
}
