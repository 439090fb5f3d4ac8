import { type EmbeddedPostgresServer, startEmbeddedPostgres } from '../../src/index.js';

/** The PostgreSQL server tests create their databases on, and how to release it. */
export interface TestDatabaseServer {
  readonly url: string;
  readonly kind: 'DATABASE_URL' | 'embedded';
  release(): Promise<void>;
}

/**
 * DATABASE_URL's server when it is set (CI sets it), else an embedded PostgreSQL started for this run.
 * Tests never touch DATABASE_URL's own database: they create scratch databases next to it.
 */
export async function acquireDatabaseServer(): Promise<TestDatabaseServer> {
  const url = process.env.DATABASE_URL;
  if (url) {
    console.info(`@swis-dse/db tests: PostgreSQL from DATABASE_URL (${new URL(url).host})`);
    return { url, kind: 'DATABASE_URL', release: async () => {} };
  }
  const server: EmbeddedPostgresServer = await startEmbeddedPostgres();
  console.info(`@swis-dse/db tests: embedded PostgreSQL (${new URL(server.url).host})`);
  return { url: server.url, kind: 'embedded', release: () => server.stop() };
}
