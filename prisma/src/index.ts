export type { ApiKey, Model, Point, ResultCache, Sweep, Team } from '../generated/client.js';
export { PointStatus, Prisma, PrismaClient, SweepStatus } from '../generated/client.js';
export type { Db } from './create-db.js';
export { createDb } from './create-db.js';
export type { EmbeddedPostgresServer } from './embedded-postgres.js';
export { startEmbeddedPostgres } from './embedded-postgres.js';
export { diffDatabaseToSchema, migrate } from './migrate.js';
export type { ScratchDatabase } from './scratch-database.js';
export { createScratchDatabase } from './scratch-database.js';
