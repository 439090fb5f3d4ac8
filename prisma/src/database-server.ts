import { type EmbeddedPostgresServer, startEmbeddedPostgres } from './embedded-postgres.js';

/** A PostgreSQL server to create databases on, and how to let go of it. */
export interface DatabaseServer {
  readonly url: string;
  readonly kind: 'DATABASE_URL' | 'embedded';
  release(): Promise<void>;
}

/**
 * DATABASE_URL's server when it is set (CI and deployments set it), else an embedded PostgreSQL started
 * for this process (zero-setup runs and tests on a fresh machine). Tests never touch DATABASE_URL's own
 * database: they create scratch databases next to it.
 */
export async function acquireDatabaseServer(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseServer> {
  const url = env.DATABASE_URL;
  if (url) return { url, kind: 'DATABASE_URL', release: async () => {} };
  const server: EmbeddedPostgresServer = await startEmbeddedPostgres();
  return { url: server.url, kind: 'embedded', release: () => server.stop() };
}
