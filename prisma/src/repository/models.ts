import { createHash } from 'node:crypto';
import type { Db } from '../create-db.js';
import { decodeCursor, encodeCursor, isUuid } from './cursor.js';

/** An uploaded model as listed (its bytes are read only by workers, through getModelBytes). */
export interface ModelRecord {
  readonly id: string;
  readonly name: string;
  readonly format: string;
  readonly contentHash: string;
  readonly sizeBytes: number;
  readonly layers: number;
  readonly weights: number;
  /** [height, width] given with the upload when the file does not declare it. */
  readonly inputSize: readonly [number, number] | null;
  readonly createdAt: Date;
}

const LISTED = {
  id: true,
  name: true,
  format: true,
  contentHash: true,
  sizeBytes: true,
  layers: true,
  weights: true,
  inputSize: true,
  createdAt: true,
} as const;

type ListedRow = { sizeBytes: bigint; weights: bigint; inputSize: string } & Omit<
  ModelRecord,
  'sizeBytes' | 'weights' | 'inputSize'
>;

function toRecord(row: ListedRow): ModelRecord {
  return {
    ...row,
    sizeBytes: Number(row.sizeBytes),
    weights: Number(row.weights),
    inputSize: parseInputSize(row.inputSize),
  };
}

/** The stored `HxW` form of an input size; empty when none was given. */
function formatInputSize(size: readonly [number, number] | null | undefined): string {
  return size == null ? '' : `${size[0]}x${size[1]}`;
}

function parseInputSize(text: string): [number, number] | null {
  if (text === '') return null;
  const [height, width] = text.split('x').map(Number);
  return [height!, width!];
}

/**
 * What results of an uploaded model are cached under: its content hash, and the input size it was given
 * (the same file at another input size is another workload).
 */
export function modelHashOf(model: Pick<ModelRecord, 'contentHash' | 'inputSize'>): string {
  return model.inputSize === null
    ? model.contentHash
    : `${model.contentHash}@${formatInputSize(model.inputSize)}`;
}

export interface NewModel {
  readonly teamId: string;
  readonly name: string;
  readonly format: string;
  readonly layers: number;
  readonly weights: number;
  readonly inputSize?: readonly [number, number] | null;
  readonly bytes: Uint8Array;
}

/**
 * Stores a validated upload; the same bytes with the same input size uploaded again by the team return the
 * stored model.
 */
export async function saveModel(db: Db, model: NewModel): Promise<{ model: ModelRecord; created: boolean }> {
  const contentHash = createHash('sha256').update(model.bytes).digest('hex');
  const inputSize = formatInputSize(model.inputSize);
  const key = { teamId_contentHash_inputSize: { teamId: model.teamId, contentHash, inputSize } };
  const existing = await db.model.findUnique({ where: key, select: LISTED });
  if (existing !== null) return { model: toRecord(existing), created: false };
  const row = await db.model.upsert({
    where: key,
    create: {
      teamId: model.teamId,
      name: model.name,
      format: model.format,
      contentHash,
      sizeBytes: BigInt(model.bytes.byteLength),
      layers: model.layers,
      weights: BigInt(model.weights),
      inputSize,
      bytes: new Uint8Array(model.bytes),
    },
    update: {},
    select: LISTED,
  });
  return { model: toRecord(row), created: true };
}

/** The team's models, newest first. */
export async function listModels(
  db: Db,
  teamId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: ModelRecord[]; nextCursor: string | null }> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, 'models');
  const rows = await db.model.findMany({
    where: { teamId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    ...(after === undefined ? {} : { cursor: { id: after.id }, skip: 1 }),
    select: LISTED,
  });
  const items = rows.slice(0, page.limit).map(toRecord);
  const last = items.at(-1);
  const nextCursor =
    rows.length > page.limit && last !== undefined
      ? encodeCursor({ sort: 'models', value: null, id: last.id })
      : null;
  return { items, nextCursor };
}

export async function getModel(db: Db, teamId: string, id: string): Promise<ModelRecord | null> {
  if (!isUuid(id)) return null;
  const row = await db.model.findFirst({ where: { id, teamId }, select: LISTED });
  return row === null ? null : toRecord(row);
}

/** A model's file, for the worker that evaluates a sweep on it. */
export async function getModelBytes(
  db: Db,
  id: string,
): Promise<{
  format: string;
  name: string;
  inputSize: readonly [number, number] | null;
  bytes: Uint8Array;
} | null> {
  if (!isUuid(id)) return null;
  const row = await db.model.findUnique({
    where: { id },
    select: { format: true, name: true, inputSize: true, bytes: true },
  });
  return row === null
    ? null
    : { ...row, inputSize: parseInputSize(row.inputSize), bytes: new Uint8Array(row.bytes) };
}
