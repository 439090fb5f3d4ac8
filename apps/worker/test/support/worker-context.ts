import { randomBytes } from 'node:crypto';
import type { Db } from '@swis-dse/db';
import { createSweepQueue, type SweepQueue } from '@swis-dse/queue';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { newTeam } from './sweeps.js';
import { acquireTestDatabase, type TestDatabase } from './test-database.js';

/** What a worker test file runs on: its own database and team, and cleanups run after each test. */
export interface WorkerTestContext {
  readonly database: TestDatabase;
  readonly db: Db;
  readonly teamId: string;
  /** Runs `close` after the current test (in reverse order of registration). */
  defer(close: () => Promise<void>): void;
  /** A queue of its own for one test: a fresh key prefix (Redis) or schema (PostgreSQL backend), emptied after it. */
  testQueue(): { queue: SweepQueue; prefix: string };
}

/** Registers the file's hooks and returns the context they fill in. */
export function useWorkerTestContext(): WorkerTestContext {
  const closers: (() => Promise<void>)[] = [];
  const state: { database?: TestDatabase; teamId?: string } = {};
  beforeAll(async () => {
    state.database = await acquireTestDatabase();
    state.teamId = await newTeam(state.database.db);
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  afterAll(async () => {
    await state.database?.release();
  });
  const context: WorkerTestContext = {
    get database() {
      return state.database!;
    },
    get db() {
      return state.database!.db;
    },
    get teamId() {
      return state.teamId!;
    },
    defer: (close) => {
      closers.push(close);
    },
    testQueue() {
      const prefix = `t_${randomBytes(6).toString('hex')}`;
      const redisUrl = process.env.REDIS_URL;
      const queue = createSweepQueue({
        databaseUrl: context.database.url,
        prefix,
        ...(redisUrl ? { redisUrl } : {}),
      });
      closers.push(async () => {
        await queue.obliterate();
        await queue.close();
      });
      return { queue, prefix };
    },
  };
  return context;
}
