import type { Prisma } from '../../generated/client.js';
import type { Db } from '../create-db.js';

/** Metrics and detail of one configuration on one model, shared by every sweep and team. */
export interface CachedResult {
  readonly metrics: Record<string, unknown>;
  readonly detail: unknown;
}

/** The cached results among `keys` for the model, by key. */
export async function getCachedResults(
  db: Db,
  modelHash: string,
  keys: readonly string[],
): Promise<Map<string, CachedResult>> {
  if (keys.length === 0) return new Map();
  const rows = await db.resultCache.findMany({
    where: { modelHash, configHash: { in: [...keys] } },
    select: { configHash: true, metrics: true, detail: true },
  });
  return new Map(
    rows.map((row) => [
      row.configHash,
      { metrics: row.metrics as Record<string, unknown>, detail: row.detail ?? null },
    ]),
  );
}

/** Caches results; a key already cached (another worker got there first) is kept as it is. */
export async function putCachedResults(
  db: Db,
  modelHash: string,
  entries: readonly ({ key: string } & CachedResult)[],
): Promise<void> {
  if (entries.length === 0) return;
  await db.resultCache.createMany({
    data: entries.map((entry) => ({
      modelHash,
      configHash: entry.key,
      metrics: entry.metrics as Prisma.InputJsonValue,
      detail: (entry.detail ?? undefined) as Prisma.InputJsonValue | undefined,
    })),
    skipDuplicates: true,
  });
}
