import { randomBytes } from 'node:crypto';
import {
  acquireDatabaseServer,
  createApiKey,
  createDb,
  createScratchDatabase,
  createTeam,
  type DatabaseServer,
  type Db,
  migrate,
  type ScratchDatabase,
} from '@swis-dse/db';
import { createSweepQueue, type SweepQueue } from '@swis-dse/queue';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from '../../src/app.js';
import { type ApiConfigInput, ApiConfigSchema } from '../../src/config.js';

/** A team with a live key. */
export interface TestTeam {
  readonly id: string;
  readonly name: string;
  readonly key: string;
  readonly prefix: string;
  /** The Authorization header of the team's key. */
  readonly auth: { authorization: string };
}

/** The API over a scratch database and a queue in its own namespace, with two teams. */
export interface TestContext {
  readonly app: FastifyInstance;
  readonly db: Db;
  readonly queue: SweepQueue;
  readonly scratch: ScratchDatabase;
  readonly alpha: TestTeam;
  readonly beta: TestTeam;
  newTeam(label: string): Promise<TestTeam>;
  close(): Promise<void>;
}

/** Starts the context; `config` overrides the API settings (e.g. a small MAX_UPLOAD_BYTES). */
export async function startTestContext(config: Partial<ApiConfigInput> = {}): Promise<TestContext> {
  const server: DatabaseServer = await acquireDatabaseServer();
  const scratch = await createScratchDatabase(server.url, 'swis_api_test');
  await migrate(scratch.url);
  const db = createDb(scratch.url);
  const queue = createSweepQueue({
    databaseUrl: scratch.url,
    redisUrl: process.env.REDIS_URL || undefined,
    prefix: `api_test_${randomBytes(6).toString('hex')}`,
  });
  const apiConfig = ApiConfigSchema.parse({ DATABASE_URL: scratch.url, LOG_LEVEL: 'silent', ...config });
  const app = buildApp({ db, queue, config: apiConfig, logger: pino({ level: 'silent' }) });
  await app.ready();

  const newTeam = async (label: string): Promise<TestTeam> => {
    const team = await createTeam(db, `${label}-${randomBytes(4).toString('hex')}`);
    const { key, prefix } = await createApiKey(db, team.name);
    return { ...team, key, prefix, auth: { authorization: `Bearer ${key}` } };
  };
  const alpha = await newTeam('alpha');
  const beta = await newTeam('beta');
  return {
    app,
    db,
    queue,
    scratch,
    alpha,
    beta,
    newTeam,
    close: async () => {
      await app.close();
      await queue.obliterate();
      await queue.close();
      await db.$disconnect();
      await scratch.drop();
      await server.release();
    },
  };
}
