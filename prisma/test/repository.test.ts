import {
  assignBatches,
  designPoints,
  paretoFront,
  parseObjectives,
  parseSweepSpec,
  type SweepSpec,
} from '@swis-dse/swis-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MBV2_SMALL } from '../../packages/swis-core/test/helpers/sweep-specs.js';
import {
  acquireDatabaseServer,
  authenticate,
  BadCursorError,
  ConflictError,
  cancelSweep,
  claimBatch,
  createApiKey,
  createDb,
  createScratchDatabase,
  createSweep,
  createTeam,
  type DatabaseServer,
  type Db,
  getCachedResults,
  getModel,
  getModelBytes,
  getPoint,
  getSweep,
  isDatabaseUnavailable,
  listModels,
  listPoints,
  listSweeps,
  migrate,
  NotFoundError,
  paretoPoints,
  putCachedResults,
  recordResults,
  revokeApiKey,
  type ScratchDatabase,
  saveModel,
  unfinishedBatches,
} from '../src/index.js';

let server: DatabaseServer;
let scratch: ScratchDatabase;
let db: Db;

beforeAll(async () => {
  server = await acquireDatabaseServer();
  scratch = await createScratchDatabase(server.url);
  await migrate(scratch.url);
  db = createDb(scratch.url);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await scratch?.drop();
  await server?.release();
});

const SPEC = parseSweepSpec(MBV2_SMALL);

let teamCount = 0;
async function newTeam() {
  return createTeam(db, `team-${process.pid}-${teamCount++}`);
}

function planned(spec: SweepSpec) {
  const points = designPoints(spec);
  const batches = assignBatches(points);
  return points.map((p, i) => ({
    gridIndex: p.gridIndex,
    configHash: p.configHash,
    batchKey: batches[i]!,
    config: { quant: p.quant, hardware: p.hardware, simulation: p.simulation },
  }));
}

async function newSweep(teamId: string, spec = SPEC, idempotencyKey?: string) {
  return createSweep(db, {
    teamId,
    spec,
    modelHash: 'builtin:mobilenet_v2',
    idempotencyKey,
    points: planned(spec),
  });
}

/** Deterministic fake metrics per point, as a worker would store them. */
function metricsOf(gridIndex: number) {
  return {
    bitsPerWeight: 2 + (gridIndex % 5) * 0.25,
    cycles: 1000 + ((gridIndex * 7919) % 101),
    energyPj: 5000 + ((gridIndex * 104729) % 97),
    sqnrDb: 10 + ((gridIndex * 31) % 13),
  };
}

async function completeAll(sweepId: string) {
  const points = await db.point.findMany({
    where: { sweepId },
    select: { configHash: true, gridIndex: true },
  });
  await recordResults(
    db,
    sweepId,
    points.map((p) => ({ configHash: p.configHash, metrics: metricsOf(p.gridIndex), detail: [], evalMs: 1 })),
  );
}

describe('teams and API keys', () => {
  it('creates a key shown once, stores only its hash, authenticates and revokes it', async () => {
    const team = await newTeam();
    await expect(createTeam(db, team.name)).rejects.toBeInstanceOf(ConflictError);
    const { key, prefix } = await createApiKey(db, team.name);
    expect(key).toMatch(/^swis_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);
    const stored = await db.apiKey.findMany({ where: { teamId: team.id } });
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(await authenticate(db, key)).toEqual({ teamId: team.id, teamName: team.name, keyPrefix: prefix });
    expect(await authenticate(db, `${key}x`)).toBeNull();
    expect(await authenticate(db, 'not-a-key')).toBeNull();
    expect(await revokeApiKey(db, prefix)).toBe(true);
    expect(await authenticate(db, key)).toBeNull();
    expect(await revokeApiKey(db, prefix)).toBe(false);
    await expect(createApiKey(db, 'no such team')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('models', () => {
  it('stores an upload once per team and content, lists it, and serves its bytes', async () => {
    const a = await newTeam();
    const b = await newTeam();
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const first = await saveModel(db, {
      teamId: a.id,
      name: 'm.npy',
      format: 'npy',
      layers: 1,
      weights: 1,
      bytes,
    });
    const again = await saveModel(db, {
      teamId: a.id,
      name: 'other',
      format: 'npy',
      layers: 1,
      weights: 1,
      bytes,
    });
    expect(first.created).toBe(true);
    expect(again).toEqual({ model: first.model, created: false });
    expect(first.model).toMatchObject({ sizeBytes: 4, layers: 1, weights: 1 });
    expect(await getModel(db, b.id, first.model.id)).toBeNull();
    expect(await getModel(db, a.id, 'not-a-uuid')).toBeNull();
    expect((await getModelBytes(db, first.model.id))?.bytes).toEqual(bytes);
    expect((await listModels(db, b.id, { limit: 10 })).items).toEqual([]);
    const second = await saveModel(db, {
      teamId: a.id,
      name: 'n',
      format: 'npy',
      layers: 1,
      weights: 1,
      bytes: new Uint8Array([9]),
    });
    const page1 = await listModels(db, a.id, { limit: 1 });
    expect(page1.items.map((m) => m.id)).toEqual([second.model.id]);
    const page2 = await listModels(db, a.id, { limit: 1, cursor: page1.nextCursor! });
    expect(page2).toEqual({ items: [first.model], nextCursor: null });
  });
});

describe('sweeps', () => {
  it('stores the 24 points, replays an idempotency key, refuses it for another spec', async () => {
    const team = await newTeam();
    const first = await newSweep(team.id, SPEC, 'key-1');
    expect(first.created).toBe(true);
    expect(first.batchKeys).toHaveLength(12);
    expect(first.sweep.counts).toEqual({
      total: 24,
      pending: 24,
      running: 0,
      done: 0,
      failed: 0,
      cancelled: 0,
    });
    expect(first.sweep.status).toBe('queued');
    const replay = await newSweep(team.id, SPEC, 'key-1');
    expect(replay.created).toBe(false);
    expect(replay.sweep.id).toBe(first.sweep.id);
    expect(await db.point.count({ where: { sweepId: first.sweep.id } })).toBe(24);
    await expect(newSweep(team.id, { ...SPEC, name: 'other' }, 'key-1')).rejects.toBeInstanceOf(
      ConflictError,
    );
    // Concurrent first requests with one key create one sweep.
    const raced = await Promise.all([1, 2, 3].map(() => newSweep(team.id, SPEC, 'key-2')));
    expect(new Set(raced.map((r) => r.sweep.id)).size).toBe(1);
    expect(raced.filter((r) => r.created)).toHaveLength(1);
  });

  it('scopes reads to the team and pages newest first', async () => {
    const a = await newTeam();
    const b = await newTeam();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await newSweep(a.id)).sweep.id);
    expect(await getSweep(db, b.id, ids[0]!)).toBeNull();
    expect(await getSweep(db, a.id, 'nope')).toBeNull();
    expect((await listSweeps(db, b.id, { limit: 10 })).items).toEqual([]);
    const page1 = await listSweeps(db, a.id, { limit: 2 });
    const page2 = await listSweeps(db, a.id, { limit: 2, cursor: page1.nextCursor! });
    expect([...page1.items, ...page2.items].map((s) => s.id)).toEqual([...ids].reverse());
    expect(page2.nextCursor).toBeNull();
    await expect(
      listSweeps(db, a.id, { limit: 2, cursor: page1.nextCursor!, status: 'done' }),
    ).rejects.toBeInstanceOf(BadCursorError);
    await expect(listSweeps(db, a.id, { limit: 2, cursor: 'garbage' })).rejects.toBeInstanceOf(
      BadCursorError,
    );
  });
});

describe('work: claim, record, finish', () => {
  it('claims a batch, records results exactly once, keeps counters and finishes the sweep', async () => {
    const team = await newTeam();
    const { sweep, batchKeys } = await newSweep(team.id);
    const claimed = await claimBatch(db, sweep.id, batchKeys[0]!);
    expect(claimed?.points).toHaveLength(2);
    expect(claimed?.spec).toEqual(SPEC);
    let status = await getSweep(db, team.id, sweep.id);
    expect(status).toMatchObject({ status: 'running', counts: { running: 2, pending: 22 } });
    expect(status!.version).toBeGreaterThan(sweep.version);
    // A second claim (a retried job) returns the same running points without counting them twice.
    expect((await claimBatch(db, sweep.id, batchKeys[0]!))?.points).toHaveLength(2);
    expect((await getSweep(db, team.id, sweep.id))?.counts.running).toBe(2);

    const [p0, p1] = claimed!.points;
    const results = [
      { configHash: p0!.configHash, metrics: metricsOf(0), detail: [{ name: 'conv' }], evalMs: 3 },
      { configHash: p1!.configHash, error: 'budget 0.5 is below the N = 1 cost' },
    ];
    await recordResults(db, sweep.id, results);
    await recordResults(db, sweep.id, results); // a duplicated job changes nothing
    status = await getSweep(db, team.id, sweep.id);
    expect(status!.counts).toEqual({ total: 24, pending: 22, running: 0, done: 1, failed: 1, cancelled: 0 });
    expect(await claimBatch(db, sweep.id, batchKeys[0]!)).toBeNull();

    await completeAll(sweep.id);
    status = await getSweep(db, team.id, sweep.id);
    expect(status).toMatchObject({ status: 'done', counts: { done: 23, failed: 1, pending: 0, running: 0 } });
    expect(status!.finishedAt).not.toBeNull();
    expect(await db.point.count({ where: { sweepId: sweep.id } })).toBe(24);
    const point = await getPoint(
      db,
      team.id,
      sweep.id,
      (await db.point.findFirstOrThrow({ where: { sweepId: sweep.id, gridIndex: 0 } })).id,
    );
    expect(point).toMatchObject({
      status: 'done',
      metrics: metricsOf(0),
      detail: [{ name: 'conv' }],
      evalMs: 3,
    });
    expect(await unfinishedBatches(db)).not.toContainEqual(expect.objectContaining({ sweepId: sweep.id }));
  });

  it('marks a sweep failed when every point failed', async () => {
    const team = await newTeam();
    const { sweep } = await newSweep(team.id);
    const points = await db.point.findMany({ where: { sweepId: sweep.id } });
    await recordResults(
      db,
      sweep.id,
      points.map((p) => ({ configHash: p.configHash, error: 'x' })),
    );
    expect((await getSweep(db, team.id, sweep.id))?.status).toBe('failed');
  });

  it('counts concurrent writers of overlapping results once', async () => {
    const team = await newTeam();
    const { sweep } = await newSweep(team.id);
    const points = await db.point.findMany({ where: { sweepId: sweep.id } });
    const all = points.map((p) => ({
      configHash: p.configHash,
      metrics: metricsOf(p.gridIndex),
      detail: null,
      evalMs: 1,
    }));
    await Promise.all([
      recordResults(db, sweep.id, all),
      recordResults(db, sweep.id, all.slice(5)),
      recordResults(db, sweep.id, all.slice(0, 12)),
    ]);
    expect(await getSweep(db, team.id, sweep.id)).toMatchObject({
      status: 'done',
      counts: { done: 24, failed: 0 },
    });
  });

  it('cancels pending and running points; later results and claims are ignored', async () => {
    const team = await newTeam();
    const other = await newTeam();
    const { sweep, batchKeys } = await newSweep(team.id);
    const claimed = await claimBatch(db, sweep.id, batchKeys[1]!);
    expect(await unfinishedBatches(db)).toContainEqual({ sweepId: sweep.id, batchKey: batchKeys[1] });
    expect(await cancelSweep(db, other.id, sweep.id)).toBeNull();
    const cancelled = await cancelSweep(db, team.id, sweep.id);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      counts: { cancelled: 24, running: 0, pending: 0 },
    });
    await recordResults(
      db,
      sweep.id,
      claimed!.points.map((p) => ({
        configHash: p.configHash,
        metrics: metricsOf(0),
        detail: null,
        evalMs: 1,
      })),
    );
    expect((await getSweep(db, team.id, sweep.id))?.counts.done).toBe(0);
    expect(await claimBatch(db, sweep.id, batchKeys[2]!)).toBeNull();
    await expect(cancelSweep(db, team.id, sweep.id)).rejects.toBeInstanceOf(ConflictError);
    expect(await unfinishedBatches(db)).not.toContainEqual(expect.objectContaining({ sweepId: sweep.id }));
  });
});

describe('points: listing, sorting, filtering, Pareto', () => {
  it('pages through every point exactly once under each sort, points without metrics last', async () => {
    const team = await newTeam();
    const { sweep } = await newSweep(team.id);
    const points = await db.point.findMany({ where: { sweepId: sweep.id } });
    // 20 of 24 done; 4 stay pending (no metrics).
    await recordResults(
      db,
      sweep.id,
      points
        .filter((p) => p.gridIndex >= 4)
        .map((p) => ({ configHash: p.configHash, metrics: metricsOf(p.gridIndex), detail: null, evalMs: 1 })),
    );
    for (const sort of [
      undefined,
      { key: 'cycles', direction: 'asc' },
      { key: 'sqnrDb', direction: 'desc' },
    ] as const) {
      const seen: { gridIndex: number; value: number | null }[] = [];
      let cursor: string | undefined;
      do {
        const page = await listPoints(db, team.id, sweep.id, { limit: 5, cursor, sort });
        for (const p of page!.items) {
          seen.push({
            gridIndex: p.gridIndex,
            value: sort === undefined ? p.gridIndex : ((p.metrics?.[sort.key] as number | undefined) ?? null),
          });
        }
        cursor = page!.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(seen.map((s) => s.gridIndex).sort((a, b) => a - b)).toEqual([...Array(24).keys()]);
      const values = seen.map((s) => s.value);
      const present = values.filter((v): v is number => v !== null);
      expect(values.slice(present.length)).toEqual(values.slice(present.length).map(() => null));
      const sorted = [...present].sort((a, b) => (sort?.direction === 'desc' ? b - a : a - b));
      expect(present).toEqual(sorted);
    }
    const filtered = await listPoints(db, team.id, sweep.id, {
      limit: 100,
      statuses: ['done'],
      filters: [{ metric: 'sqnrDb', op: 'gte', value: 15 }],
      variants: ['swis'],
    });
    const expected = points.filter(
      (p) =>
        p.gridIndex >= 4 &&
        metricsOf(p.gridIndex).sqnrDb >= 15 &&
        (p.config as { quant: { variant: string } }).quant.variant === 'swis',
    );
    expect(filtered!.items.map((p) => p.gridIndex).sort((a, b) => a - b)).toEqual(
      expected.map((p) => p.gridIndex).sort((a, b) => a - b),
    );
    expect(await listPoints(db, (await newTeam()).id, sweep.id, { limit: 5 })).toBeNull();
    await expect(
      listPoints(db, team.id, sweep.id, {
        limit: 5,
        cursor: (await listPoints(db, team.id, sweep.id, { limit: 5 }))!.nextCursor!,
        sort: { key: 'cycles', direction: 'asc' },
      }),
    ).rejects.toBeInstanceOf(BadCursorError);
  });

  it('returns the Pareto front of done points, equal to a brute-force front', async () => {
    const team = await newTeam();
    const { sweep } = await newSweep(team.id);
    await completeAll(sweep.id);
    const objectives = parseObjectives('cycles:min,sqnrDb:max,bitsPerWeight:min');
    const result = await paretoPoints(db, team.id, sweep.id, objectives);
    const all = Array.from({ length: 24 }, (_, gridIndex) => ({ gridIndex, metrics: metricsOf(gridIndex) }));
    const brute = all.filter(
      (p) =>
        !all.some(
          (q) =>
            q.metrics.cycles <= p.metrics.cycles &&
            q.metrics.sqnrDb >= p.metrics.sqnrDb &&
            q.metrics.bitsPerWeight <= p.metrics.bitsPerWeight &&
            (q.metrics.cycles < p.metrics.cycles ||
              q.metrics.sqnrDb > p.metrics.sqnrDb ||
              q.metrics.bitsPerWeight < p.metrics.bitsPerWeight),
        ),
    );
    expect(result!.items.map((p) => p.gridIndex)).toEqual(brute.map((p) => p.gridIndex));
    expect(paretoFront(all, objectives).front.map((p) => p.gridIndex)).toEqual(brute.map((p) => p.gridIndex));
    expect(result!.considered).toBe(24);
    expect(
      (await paretoPoints(db, team.id, sweep.id, parseObjectives('accuracy:max,cycles:min')))!.items,
    ).toEqual([]);
  });
});

describe('result cache', () => {
  it('keeps the first result per model and key', async () => {
    await putCachedResults(db, 'builtin:m', [{ key: 'k1', metrics: { cycles: 1 }, detail: [1] }]);
    await putCachedResults(db, 'builtin:m', [
      { key: 'k1', metrics: { cycles: 2 }, detail: null },
      { key: 'k2', metrics: { cycles: 3 }, detail: null },
    ]);
    const got = await getCachedResults(db, 'builtin:m', ['k1', 'k2', 'k3']);
    expect(Object.fromEntries(got)).toEqual({
      k1: { metrics: { cycles: 1 }, detail: [1] },
      k2: { metrics: { cycles: 3 }, detail: null },
    });
    expect((await getCachedResults(db, 'builtin:other', ['k1'])).size).toBe(0);
  });
});

describe('isDatabaseUnavailable', () => {
  it('tells an unreachable server from a bad query', async () => {
    const down = createDb('postgresql://postgres@127.0.0.1:1/none');
    const error = await down.team.count().catch((e: unknown) => e);
    await down.$disconnect();
    expect(isDatabaseUnavailable(error)).toBe(true);
    const bad = await db.$queryRawUnsafe('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(isDatabaseUnavailable(bad)).toBe(false);
  });
});
