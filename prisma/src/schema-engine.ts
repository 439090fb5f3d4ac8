import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import * as wasmBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Absolute path of the Prisma schema file. */
export const schemaPath = join(packageDir, 'schema.prisma');

/** Absolute path of the migrations directory (one folder per migration, each holding migration.sql). */
export const migrationsDir = join(packageDir, 'migrations');

/** No externally managed tables or enums. */
export const noFilters: SchemaFilter = { externalTables: [], externalEnums: [] };

// @types/node 20 does not declare the WebAssembly global that Node provides.
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(
        bytes: Uint8Array,
        imports: Record<string, object>,
      ): Promise<{ instance: { exports: Record<string, unknown> } }>;
    };
  }
).WebAssembly;

let initialised: Promise<void> | undefined;

// The package is built for bundlers (`import * as wasm from './x.wasm'`), which Node cannot load, so the
// module is instantiated by hand, as its own entry file would do.
function initialiseWasm(): Promise<void> {
  initialised ??= (async () => {
    // The engine reports a Rust panic's message here before it aborts (Prisma's client runtime sets the
    // same registry); without it the abort surfaces as an unrelated TypeError.
    const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    registry.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (message) => process.stderr.write(`schema engine panic: ${message}\n`),
    };
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
    const { instance } = await wasmApi.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': wasmBindings,
    });
    wasmBindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return initialised;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

// @prisma/adapter-pg 7.10 cannot map pg_catalog's one-byte `"char"` type (OID 18), which the engine meets
// when it describes a schema; its text form is a one-character string, so report those columns as text.
function charAsText(result: pg.QueryResult | undefined): void {
  for (const field of result?.fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
}

type Query = (...args: unknown[]) => unknown;
class CharAsTextClient extends pg.Client {}
const originalQuery = pg.Client.prototype.query as Query;
// pg.Pool#query calls the callback form, a checked-out client the promise form: patch both.
(CharAsTextClient.prototype as unknown as { query: Query }).query = function query(
  this: pg.Client,
  ...args: unknown[]
) {
  const last = args.at(-1);
  if (typeof last === 'function') {
    args[args.length - 1] = (error: unknown, result: pg.QueryResult) => {
      if (!error) charAsText(result);
      return (last as (e: unknown, r: unknown) => unknown)(error, result);
    };
    return originalQuery.apply(this, args);
  }
  const pending = originalQuery.apply(this, args);
  if (!(pending instanceof Promise)) return pending;
  return pending.then((result: pg.QueryResult) => {
    charAsText(result);
    return result;
  });
};

/** Prisma's schema engine, open on one database; `close()` frees it and its connections. */
export interface OpenSchemaEngine {
  readonly engine: SchemaEngine;
  /** Drops the shadow databases the engine asked for so far (each command may create one). */
  dropShadowDatabases(): Promise<void>;
  close(): Promise<void>;
}

function charAwarePool(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, max: 2, Client: CharAsTextClient });
}

/**
 * Prisma's schema engine (compiled to WASM) connected to `url` through @prisma/adapter-pg.
 * @param datamodels - schema files as [path, content]; @defaultValue prisma/schema.prisma
 */
export async function openSchemaEngine(
  url: string,
  datamodels?: [string, string][],
): Promise<OpenSchemaEngine> {
  await initialiseWasm();
  const files = datamodels ?? [[schemaPath, await readFile(schemaPath, 'utf8')]];
  const pool = charAwarePool(url);
  const base = new PrismaPg(pool);
  const shadows: { pool: pg.Pool; database: ScratchDatabase }[] = [];
  // adapter-pg 7.10's connectToShadowDb() reuses the real database, so shadow databases (used by
  // `migrate dev` and diffs from migrations) are created here, next to it, and dropped afterwards.
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => base.connect(),
    connectToShadowDb: async () => {
      const database = await createScratchDatabase(url, 'prisma_shadow');
      const shadowPool = charAwarePool(database.url);
      shadows.push({ pool: shadowPool, database });
      return new PrismaPg(shadowPool).connect();
    },
  };
  const dropShadowDatabases = async (): Promise<void> => {
    for (const shadow of shadows.splice(0)) {
      await shadow.pool.end();
      await shadow.database.drop();
    }
  };
  const log = (message: string): void => {
    if (process.env.PRISMA_SCHEMA_ENGINE_DEBUG) process.stderr.write(`${message}\n`);
  };
  try {
    const engine = await wasmBindings.SchemaEngine.new(
      { datamodels: files.length > 0 ? files : undefined },
      log,
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return {
      engine,
      dropShadowDatabases,
      close: async () => {
        engine.free();
        await dropShadowDatabases();
        await pool.end();
      },
    };
  } catch (error) {
    await dropShadowDatabases();
    await pool.end();
    throw error;
  }
}

/** The migrations directory loaded from disk in the shape the schema engine expects. */
export async function listMigrations(): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      // The engine records this as the migration's name in _prisma_migrations, as the CLI does.
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: {
          tag: 'ok' as const,
          value: await readFile(join(migrationsDir, name, 'migration.sql'), 'utf8'),
        },
      },
    })),
  );
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockPath, content: await readFile(lockPath, 'utf8').catch(() => null) },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** Version (git hash) of the WASM schema engine. */
export async function schemaEngineVersion(): Promise<string> {
  await initialiseWasm();
  return wasmBindings.version();
}
