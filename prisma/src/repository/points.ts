import { type MetricId, type Objective, paretoFront } from '@swis-dse/swis-core';
import type { Db } from '../create-db.js';
import { decodeCursor, encodeCursor, isUuid } from './cursor.js';
import { quoteColumn } from './metric-columns.js';

export type PointStatusName = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/** A point as the API shows it. */
export interface PointRecord {
  readonly id: string;
  readonly gridIndex: number;
  readonly status: PointStatusName;
  readonly config: unknown;
  readonly metrics: Record<string, unknown> | null;
  readonly error: string | null;
}

export interface PointSort {
  readonly key: MetricId | 'gridIndex';
  readonly direction: 'asc' | 'desc';
}

export interface PointFilter {
  readonly metric: MetricId;
  readonly op: 'lt' | 'lte' | 'gt' | 'gte' | 'eq';
  readonly value: number;
}

export interface PointQuery {
  readonly limit: number;
  readonly cursor?: string | undefined;
  /** @defaultValue gridIndex ascending */
  readonly sort?: PointSort | undefined;
  readonly statuses?: readonly PointStatusName[] | undefined;
  readonly filters?: readonly PointFilter[] | undefined;
  readonly variants?: readonly string[] | undefined;
  readonly archs?: readonly string[] | undefined;
}

const OPERATORS = { lt: '<', lte: '<=', gt: '>', gte: '>=', eq: '=' } as const;
const LISTED = `id, "gridIndex", status::text AS status, config, metrics, error`;

async function sweepOfTeam(db: Db, teamId: string, sweepId: string): Promise<boolean> {
  if (!isUuid(sweepId)) return false;
  return (await db.sweep.count({ where: { id: sweepId, teamId } })) === 1;
}

/**
 * One page of a sweep's points: filtered by status, variant, architecture and metric bounds, sorted by a
 * metric (points without it last) or the grid index, then by id; keyset pagination, so pages stay fast and
 * consistent while points complete. Null when the team has no such sweep.
 */
export async function listPoints(
  db: Db,
  teamId: string,
  sweepId: string,
  query: PointQuery,
): Promise<{ items: PointRecord[]; nextCursor: string | null } | null> {
  if (!(await sweepOfTeam(db, teamId, sweepId))) return null;
  const sort = query.sort ?? { key: 'gridIndex', direction: 'asc' };
  const sortName = `${sort.key}:${sort.direction}`;
  const column = quoteColumn(sort.key);
  const params: unknown[] = [sweepId];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`"sweepId" = $1::uuid`];
  if (query.statuses?.length) where.push(`status::text = ANY(${param(query.statuses)}::text[])`);
  if (query.variants?.length)
    where.push(`config->'quant'->>'variant' = ANY(${param(query.variants)}::text[])`);
  if (query.archs?.length) where.push(`config->'simulation'->>'arch' = ANY(${param(query.archs)}::text[])`);
  for (const { metric, op, value } of query.filters ?? []) {
    where.push(`${quoteColumn(metric)} ${OPERATORS[op]} ${param(value)}::float8`);
  }
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor, sortName);
    const id = param(after.id);
    if (after.value === null) {
      where.push(`(${column} IS NULL AND id > ${id}::uuid)`);
    } else {
      const value = param(after.value);
      const beyond = sort.direction === 'asc' ? '>' : '<';
      where.push(
        `(${column} ${beyond} ${value} OR (${column} = ${value} AND id > ${id}::uuid) OR ${column} IS NULL)`,
      );
    }
  }
  const rows = await db.$queryRawUnsafe<(PointRecord & { sortValue: number | null })[]>(
    `SELECT ${LISTED}, ${column}::float8 AS "sortValue" FROM "Point" WHERE ${where.join(' AND ')}
     ORDER BY ${column} ${sort.direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, id ASC
     LIMIT ${Math.floor(query.limit) + 1}`,
    ...params,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last !== undefined
      ? encodeCursor({ sort: sortName, value: last.sortValue, id: last.id })
      : null;
  return { items: page.map(({ sortValue: _, ...point }) => point), nextCursor };
}

/** One point with its per-layer detail; null when the team has no such sweep or point. */
export async function getPoint(
  db: Db,
  teamId: string,
  sweepId: string,
  pointId: string,
): Promise<(PointRecord & { detail: unknown; evalMs: number | null }) | null> {
  if (!isUuid(pointId) || !(await sweepOfTeam(db, teamId, sweepId))) return null;
  const rows = await db.$queryRawUnsafe<(PointRecord & { detail: unknown; evalMs: number | null })[]>(
    `SELECT ${LISTED}, detail, "evalMs" FROM "Point" WHERE id = $1::uuid AND "sweepId" = $2::uuid`,
    pointId,
    sweepId,
  );
  return rows[0] ?? null;
}

/**
 * The done points no other done point dominates over `objectives`. Reads only the objective columns of
 * every point, runs swis-core's paretoFront, then loads the front's rows, in grid order.
 * Null when the team has no such sweep.
 */
export async function paretoPoints(
  db: Db,
  teamId: string,
  sweepId: string,
  objectives: readonly Objective[],
): Promise<{ items: PointRecord[]; considered: number } | null> {
  if (!(await sweepOfTeam(db, teamId, sweepId))) return null;
  const columns = objectives.map(({ metric }) => quoteColumn(metric));
  const rows = await db.$queryRawUnsafe<Record<string, number | string>[]>(
    `SELECT id, ${columns.join(', ')} FROM "Point"
     WHERE "sweepId" = $1::uuid AND status = 'done' AND ${columns.map((c) => `${c} IS NOT NULL`).join(' AND ')}`,
    sweepId,
  );
  const carriers = rows.map((row) => ({ id: row.id as string, metrics: row as Record<MetricId, number> }));
  const { front } = paretoFront(carriers, objectives);
  const items =
    front.length === 0
      ? []
      : await db.$queryRawUnsafe<PointRecord[]>(
          `SELECT ${LISTED} FROM "Point" WHERE id = ANY($1::uuid[]) ORDER BY "gridIndex"`,
          front.map((point) => point.id),
        );
  return { items, considered: rows.length };
}
