import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/client.js';
import { timedAdapter } from './query-metrics.js';

/** How long a query waits for a connection before failing (PostgreSQL down: fail fast, never hang). */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * The generated Prisma client, connected to PostgreSQL at `url` through @prisma/adapter-pg (lazily). Its
 * statements can be timed with observeQueries.
 */
export function createDb(url: string): PrismaClient {
  const timed = timedAdapter(
    new PrismaPg({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }),
  );
  const db = new PrismaClient({ adapter: timed.adapter });
  timed.attach(db);
  return db;
}

export type Db = PrismaClient;
