import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acquireDatabaseServer,
  createDb,
  createScratchDatabase,
  type DatabaseServer,
  type Db,
  diffDatabaseToSchema,
  migrate,
  type ScratchDatabase,
} from '../src/index.js';
import { migrationsDir } from '../src/schema-engine.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

let server: DatabaseServer;
let scratch: ScratchDatabase;
let db: Db;
let firstRun: string[];
let secondRun: string[];

beforeAll(async () => {
  server = await acquireDatabaseServer();
  scratch = await createScratchDatabase(server.url);
  firstRun = await migrate(scratch.url);
  secondRun = await migrate(scratch.url);
  db = createDb(scratch.url);
});

afterAll(async () => {
  await db?.$disconnect();
  await scratch?.drop();
  await server?.release();
});

/** The columns an uploaded model needs besides its identity. */
const MODEL_FILE = { layers: 1, weights: 4n, bytes: new Uint8Array([1, 2, 3]) };

async function newTeam(name = `team-${Math.random().toString(36).slice(2)}`) {
  return db.team.create({ data: { name } });
}

async function newSweep(teamId: string, idempotencyKey?: string) {
  return db.sweep.create({
    data: {
      teamId,
      name: 'mbv2-small',
      spec: { name: 'mbv2-small' },
      modelHash: 'builtin:mobilenet_v2',
      totalPoints: 24,
      idempotencyKey,
    },
  });
}

describe('migrate', () => {
  it('applies the migrations once and is a no-op the second time', async () => {
    const dirs = (await readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory());
    expect([...firstRun].sort()).toEqual(dirs.map((d) => d.name).sort());
    expect(secondRun).toEqual([]);
  });

  it('records each migration in _prisma_migrations with the sha256 of its migration.sql', async () => {
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ migration_name: string; checksum: string; finished: boolean }>(
        'SELECT migration_name, checksum, finished_at IS NOT NULL AS finished FROM _prisma_migrations',
      );
      expect(rows.map((r) => r.migration_name).sort()).toEqual([...firstRun].sort());
      for (const row of rows) {
        const sql = await readFile(join(migrationsDir, row.migration_name, 'migration.sql'), 'utf8');
        expect(row.checksum).toBe(sha256(sql));
        expect(row.finished).toBe(true);
      }
    } finally {
      await client.end();
    }
  });

  it('leaves the database matching schema.prisma (the migrations are complete)', async () => {
    const sql = await diffDatabaseToSchema(scratch.url);
    expect(sql.trim()).toBe('-- This is an empty migration.');
  });
});

describe('the Prisma CLI through the schema-engine relay', () => {
  const prisma = (...args: string[]) =>
    spawnSync(process.execPath, [join(migrationsDir, '..', 'scripts', 'prisma.mjs'), ...args], {
      env: { ...process.env, DATABASE_URL: scratch.url },
      encoding: 'utf8',
    });

  it('reports the migrated database up to date (`prisma migrate status`)', () => {
    const run = prisma('migrate', 'status');
    expect(run.stderr + run.stdout).toContain('Database schema is up to date');
    expect(run.status).toBe(0);
  });

  it('finds no difference between the migrations and schema.prisma (`prisma migrate diff`)', () => {
    const run = prisma(
      'migrate',
      'diff',
      '--from-migrations',
      'migrations',
      '--to-schema',
      'schema.prisma',
      '--exit-code',
    );
    expect(run.status, run.stderr).toBe(0);
  });
});

describe('unique constraints', () => {
  it('keeps one point per sweep and configuration hash', async () => {
    const team = await newTeam();
    const sweep = await newSweep(team.id);
    const point = { sweepId: sweep.id, configHash: 'abc', config: { bits: 2 }, gridIndex: 0, batchKey: 'b' };
    await db.point.create({ data: point });
    await expect(db.point.create({ data: point })).rejects.toMatchObject({ code: 'P2002' });

    const { count } = await db.point.createMany({
      data: [point, { ...point, configHash: 'def', gridIndex: 1 }],
      skipDuplicates: true,
    });
    expect(count).toBe(1);

    for (let i = 0; i < 2; i++) {
      await db.point.upsert({
        where: { sweepId_configHash: { sweepId: sweep.id, configHash: 'ghi' } },
        create: { ...point, configHash: 'ghi', gridIndex: 2 },
        update: { attempts: { increment: 1 } },
      });
    }
    const rows = await db.point.findMany({ where: { sweepId: sweep.id }, orderBy: { configHash: 'asc' } });
    expect(rows.map((r) => r.configHash)).toEqual(['abc', 'def', 'ghi']);
    expect(rows[2]?.attempts).toBe(1);

    // The same configuration in another sweep is another point.
    const other = await newSweep(team.id);
    await expect(db.point.create({ data: { ...point, sweepId: other.id } })).resolves.toBeDefined();
  });

  it('scopes idempotency keys and model hashes to a team; team names and key hashes are global', async () => {
    const a = await newTeam();
    const b = await newTeam();
    await newSweep(a.id, 'key-1');
    await expect(newSweep(a.id, 'key-1')).rejects.toMatchObject({ code: 'P2002' });
    await expect(newSweep(b.id, 'key-1')).resolves.toBeDefined();
    await newSweep(a.id);
    await expect(newSweep(a.id)).resolves.toBeDefined(); // sweeps without a key never clash

    const model = { ...MODEL_FILE, name: 'm', format: 'onnx', contentHash: 'h1', sizeBytes: 5_000_000_000n };
    await db.model.create({ data: { ...model, teamId: a.id } });
    await expect(db.model.create({ data: { ...model, teamId: a.id } })).rejects.toMatchObject({
      code: 'P2002',
    });
    await expect(db.model.create({ data: { ...model, teamId: b.id } })).resolves.toMatchObject({
      sizeBytes: 5_000_000_000n,
    });

    await expect(newTeam(a.name)).rejects.toMatchObject({ code: 'P2002' });
    const keyHash = sha256('swis_secret');
    await db.apiKey.create({ data: { teamId: a.id, keyHash, prefix: 'swis_sec' } });
    await expect(
      db.apiKey.create({ data: { teamId: b.id, keyHash, prefix: 'swis_sec' } }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });

  it('computes a result once per model hash and configuration hash', async () => {
    const entry = { modelHash: 'model-1', configHash: 'config-1', metrics: { cycles: 1 } };
    await db.resultCache.create({ data: entry });
    await expect(db.resultCache.create({ data: entry })).rejects.toMatchObject({ code: 'P2002' });
    await expect(
      db.resultCache.create({ data: { ...entry, configHash: 'config-2' } }),
    ).resolves.toBeDefined();
  });
});

describe('relations', () => {
  it('deletes a team with its keys, models, sweeps and their points', async () => {
    const team = await newTeam();
    const keep = await newTeam();
    const sweep = await newSweep(team.id);
    const kept = await newSweep(keep.id);
    await db.apiKey.create({ data: { teamId: team.id, keyHash: sha256(team.id), prefix: 'p' } });
    await db.model.create({
      data: { ...MODEL_FILE, teamId: team.id, name: 'm', format: 'npy', contentHash: 'x', sizeBytes: 1n },
    });
    await db.point.createMany({
      data: [sweep, kept].map((s) => ({
        sweepId: s.id,
        configHash: 'c',
        config: {},
        gridIndex: 0,
        batchKey: 'b',
      })),
    });

    await db.team.delete({ where: { id: team.id } });

    expect(await db.sweep.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.point.count({ where: { sweepId: sweep.id } })).toBe(0);
    expect(await db.apiKey.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.model.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.point.count({ where: { sweepId: kept.id } })).toBe(1);
  });

  it('refuses rows that point at a missing owner', async () => {
    await expect(
      db.point.create({
        data: {
          sweepId: '00000000-0000-7000-8000-000000000000',
          configHash: 'c',
          config: {},
          gridIndex: 0,
          batchKey: 'b',
        },
      }),
    ).rejects.toMatchObject({ code: 'P2003' });
  });

  it('finds another team’s sweep only under its own team', async () => {
    const a = await newTeam();
    const b = await newTeam();
    const sweep = await newSweep(a.id);
    expect(await db.sweep.findFirst({ where: { id: sweep.id, teamId: b.id } })).toBeNull();
    expect(await db.sweep.findFirst({ where: { id: sweep.id, teamId: a.id } })).not.toBeNull();
  });
});

describe('Json and numeric columns', () => {
  it('round-trips specs, configurations and metrics', async () => {
    const team = await newTeam();
    const spec = {
      name: 'mbv2-small',
      model: 'mobilenet_v2',
      method: 'grid',
      axes: {
        variant: ['swis', 'swis-c', 'truncation'],
        bits: [2, 3],
        groupSize: [8, 16],
        hardware: [{ arch: 'swis', rows: 32, cols: 32, dataflow: 'ws' }],
      },
      baseline: { arch: 'weight-serial', rows: 32, cols: 32, dataflow: 'ws' },
      objectives: ['bitsPerWeight:min', 'cycles:min'],
      note: 'ünïcode ✓ "quoted" \\ back',
      nothing: null,
      nested: [[1.5, -2e-9], { deep: { deeper: true } }],
    };
    const sweep = await db.sweep.create({
      data: { teamId: team.id, name: spec.name, spec, modelHash: 'builtin:mobilenet_v2', totalPoints: 24 },
    });
    const metrics = {
      bitsPerWeight: 2.25,
      cycles: 123456789,
      energyPj: 1.5e9,
      sqnrDb: 17.3,
      perLayer: [1, 2],
    };
    await db.point.create({
      data: {
        sweepId: sweep.id,
        configHash: 'h',
        gridIndex: 0,
        batchKey: 'b',
        config: spec.axes,
        metrics,
        ...pick(metrics),
        status: 'done',
      },
    });

    const read = await db.sweep.findUniqueOrThrow({ where: { id: sweep.id }, include: { points: true } });
    expect(read.spec).toEqual(spec);
    expect(read.status).toBe('queued');
    expect(read.version).toBe(0);
    expect(read.points[0]?.config).toEqual(spec.axes);
    expect(read.points[0]?.metrics).toEqual(metrics);
    expect(read.points[0]).toMatchObject({ ...pick(metrics), accuracy: null, status: 'done' });
  });

  it('sorts points by an objective column', async () => {
    const team = await newTeam();
    const sweep = await newSweep(team.id);
    await db.point.createMany({
      data: [3, 1, 2].map((cycles) => ({
        sweepId: sweep.id,
        configHash: `c${cycles}`,
        gridIndex: cycles,
        batchKey: 'b',
        config: {},
        cycles,
      })),
    });
    const rows = await db.point.findMany({ where: { sweepId: sweep.id }, orderBy: { cycles: 'asc' } });
    expect(rows.map((r) => r.cycles)).toEqual([1, 2, 3]);
  });
});

describe('scratch databases', () => {
  it('gives every run its own database and removes it on drop', async () => {
    expect(scratch.name).toMatch(/^swis_test_[0-9a-f]{12}$/);
    const other = await createScratchDatabase(server.url);
    expect(other.name).not.toBe(scratch.name);
    await migrate(other.url);
    const otherDb = createDb(other.url);
    try {
      await otherDb.team.create({ data: { name: 'only-here' } });
      expect(await db.team.count({ where: { name: 'only-here' } })).toBe(0);
    } finally {
      await otherDb.$disconnect();
      await other.drop();
    }
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [other.name]);
      expect(rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});

function pick(m: { bitsPerWeight: number; cycles: number; energyPj: number; sqnrDb: number }) {
  return { bitsPerWeight: m.bitsPerWeight, cycles: m.cycles, energyPj: m.energyPj, sqnrDb: m.sqnrDb };
}
