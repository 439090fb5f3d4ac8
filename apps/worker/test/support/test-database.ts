import {
  acquireDatabaseServer,
  createDb,
  createScratchDatabase,
  type Db,
  migrate,
  type ScratchDatabase,
} from '@swis-dse/db';

/** A migrated scratch database for one test file. */
export interface TestDatabase {
  readonly url: string;
  readonly db: Db;
  release(): Promise<void>;
}

/**
 * A fresh database with the migrations applied, on DATABASE_URL's server (the global setup sets it) or,
 * when a file runs on its own without it, an embedded PostgreSQL. DATABASE_URL's own database is never
 * touched.
 */
export async function acquireTestDatabase(): Promise<TestDatabase> {
  const server = await acquireDatabaseServer();
  let scratch: ScratchDatabase | undefined;
  try {
    scratch = await createScratchDatabase(server.url, 'swis_worker_test');
    await migrate(scratch.url);
  } catch (error) {
    await scratch?.drop().catch(() => {});
    await server.release();
    throw error;
  }
  const db = createDb(scratch.url);
  return {
    url: scratch.url,
    db,
    release: async () => {
      await db.$disconnect();
      await scratch.drop();
      await server.release();
    },
  };
}
