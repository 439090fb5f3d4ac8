import { randomBytes } from 'node:crypto';
import { type SweepStatus, SwisClient } from '@swis-dse/client';
import {
  createApiKey,
  createDb,
  createScratchDatabase,
  createTeam,
  type Db,
  migrate,
  type ScratchDatabase,
} from '@swis-dse/db';
import { createSweepQueue } from '@swis-dse/queue';
import { freePort, type ServiceProcess, spawnService, startApi } from './service-processes.js';

/** A scratch database, an API process and worker processes, with a team's client. */
export interface ServiceStack {
  readonly db: Db;
  readonly env: NodeJS.ProcessEnv;
  readonly client: SwisClient;
  readonly baseUrl: string;
  readonly key: string;
  api: ServiceProcess;
  readonly workers: ServiceProcess[];
  addWorker(): ServiceProcess;
  /** Stops the API and starts a new one on the same port. */
  restartApi(signal?: NodeJS.Signals): Promise<void>;
  /** Polls the status until `done(status)` holds. */
  waitUntil(
    sweepId: string,
    done: (status: SweepStatus) => boolean,
    timeoutMs?: number,
  ): Promise<SweepStatus>;
  close(): Promise<void>;
}

export async function startStack(
  serverUrl: string,
  options: { workers: number; redis: boolean; env?: NodeJS.ProcessEnv },
): Promise<ServiceStack> {
  const scratch: ScratchDatabase = await createScratchDatabase(serverUrl);
  await migrate(scratch.url);
  const db = createDb(scratch.url);
  await createTeam(db, 'faults');
  const { key } = await createApiKey(db, 'faults');
  const prefix = `f_${randomBytes(5).toString('hex')}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: scratch.url,
    REDIS_URL: options.redis ? process.env.REDIS_URL : '',
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    RECONCILE_INTERVAL_MS: '1000',
    WORKER_LOCK_MS: '3000',
    RATE_LIMIT_MAX: '0',
    ...options.env,
  };
  const started = await startApi(env);
  const baseUrl = started.url;
  const workers: ServiceProcess[] = [];
  const client = new SwisClient({ baseUrl, apiKey: key });
  const stack: ServiceStack = {
    db,
    env,
    client,
    baseUrl,
    key,
    api: started.process,
    workers,
    addWorker() {
      const worker = spawnService('worker', env);
      workers.push(worker);
      return worker;
    },
    async restartApi(signal = 'SIGTERM') {
      await stack.api.stop(signal);
      stack.api = (await startApi({ ...env, PORT: new URL(baseUrl).port })).process;
    },
    async waitUntil(sweepId, done, timeoutMs = 180_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { status } = await client.sweepStatus(sweepId);
        if (status !== null && done(status)) return status;
        if (Date.now() > deadline) throw new Error(`timed out; last status ${JSON.stringify(status)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await Promise.all([stack.api, ...workers].map((p) => p.stop('SIGKILL')));
      if (options.redis) {
        const queue = createSweepQueue({ databaseUrl: scratch.url, redisUrl: process.env.REDIS_URL, prefix });
        await queue.obliterate().catch(() => {});
        await queue.close();
      }
      await db.$disconnect();
      await scratch.drop();
    },
  };
  for (let i = 0; i < options.workers; i++) stack.addWorker();
  return stack;
}
