import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/client.js';

/** The generated Prisma client, connected to PostgreSQL at `url` through @prisma/adapter-pg (lazily). */
export function createDb(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}

export type Db = PrismaClient;
