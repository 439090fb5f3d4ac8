import { acquireDatabaseServer } from '@swis-dse/db';

/**
 * One PostgreSQL server for the whole run: DATABASE_URL's when set (CI), else an embedded one whose URL
 * every test process inherits. Without REDIS_URL the Redis suites are skipped, and this says so.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const server = await acquireDatabaseServer();
  process.env.DATABASE_URL = server.url;
  const redis = process.env.REDIS_URL ? `Redis at ${new URL(process.env.REDIS_URL).host}` : 'no REDIS_URL';
  console.info(
    `swis-dse tests: PostgreSQL ${server.kind === 'embedded' ? 'embedded (no DATABASE_URL)' : `from DATABASE_URL (${new URL(server.url).host})`}; ${redis}`,
  );
  if (!process.env.REDIS_URL) {
    console.info(
      'swis-dse tests: NOT RUN without REDIS_URL: the Redis queue backend suites (PostgreSQL backend ran instead)',
    );
  }
  return () => server.release();
}
