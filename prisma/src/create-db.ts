import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/client.js';

/** How long a query waits for a connection before failing (PostgreSQL down: fail fast, never hang). */
const CONNECT_TIMEOUT_MS = 5000;

/** The generated Prisma client, connected to PostgreSQL at `url` through @prisma/adapter-pg (lazily). */
export function createDb(url: string): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }),
  });
}

export type Db = PrismaClient;
