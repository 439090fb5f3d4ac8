import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database created for one test run; `drop()` removes it, disconnecting whoever is still connected. */
export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database `<prefix>_<random hex>` on the server of `serverUrl` (whose own database is
 * only used to issue CREATE/DROP DATABASE), so concurrent runs never share tables.
 * @param prefix - database name prefix; @defaultValue 'swis_test'
 */
export async function createScratchDatabase(
  serverUrl: string,
  prefix = 'swis_test',
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
