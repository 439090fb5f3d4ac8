import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import pg from 'pg';
import { listMigrations, noFilters, openSchemaEngine, schemaPath } from './schema-engine.js';

/**
 * Applies the migrations in prisma/migrations that `url` lacks, exactly as `prisma migrate deploy` does:
 * Prisma's schema engine (WASM build, over @prisma/adapter-pg) runs each migration.sql and records it in
 * `_prisma_migrations` (checksum = sha256 of migration.sql). Idempotent and safe to run from
 * several processes at once (the engine takes an advisory lock); returns the names it applied.
 */
export async function migrate(url: string): Promise<string[]> {
  const { engine, close } = await openSchemaEngine(url);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await listMigrations(),
      filters: noFilters,
    });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}

/**
 * The SQL that would bring the database at `url` to prisma/schema.prisma (`-- This is an empty migration.`
 * when it already matches), computed by the schema engine from the live database.
 * Used to check that the migrations are complete. Needs PostgreSQL <= 17.
 */
export async function diffDatabaseToSchema(url: string): Promise<string> {
  // The 7.10 engine panics (and never settles) describing PostgreSQL 18's NOT NULL constraints.
  const major = await serverMajorVersion(url);
  if (major >= 18)
    throw new Error(`Prisma 7.10's schema engine cannot introspect PostgreSQL ${major}; use <= 17`);
  const { engine, close } = await openSchemaEngine(url);
  try {
    const content = await readFile(schemaPath, 'utf8');
    const { stdout } = await engine.diff({
      // `schemaDatasource` introspects the database the engine is connected to (through the adapter).
      from: {
        tag: 'schemaDatasource',
        files: [{ path: schemaPath, content }],
        configDir: dirname(schemaPath),
      },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return stdout ?? '';
  } finally {
    await close();
  }
}

async function serverMajorVersion(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
    return Math.floor(Number(rows[0]?.server_version_num) / 10_000);
  } finally {
    await client.end();
  }
}
