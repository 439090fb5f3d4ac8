/**
 * `npm start`: swis-dse with zero setup. One process runs the API and a worker over DATABASE_URL, or an
 * embedded PostgreSQL when it is unset, and a queue on REDIS_URL, or on PostgreSQL when it is unset (the
 * same code paths as `npm run api` + `npm run worker`). It creates a team and prints its API key, submits
 * a demo sweep over HTTP, prints the sweep's Pareto front, and keeps serving until Ctrl-C.
 * Flags: --exit (stop after the demo), --no-demo.
 */
import { parseArgs } from 'node:util';
import { buildApp, createLogger, loadApiConfig } from '@swis-dse/api';
import { SwisClient } from '@swis-dse/client';
import { acquireDatabaseServer, createApiKey, createDb, createTeam, migrate } from '@swis-dse/db';
import { createSweepQueue } from '@swis-dse/queue';
import { loadWorkerConfig, startReconciler, startWorker } from '@swis-dse/worker';
import { DEMO_SPEC } from './demo-spec.js';
import { frontTable } from './front-table.js';

const { values: flags } = parseArgs({
  options: { exit: { type: 'boolean', default: false }, 'no-demo': { type: 'boolean', default: false } },
});
const say = (text: string) => process.stdout.write(`${text}\n`);

const server = await acquireDatabaseServer();
const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn', ...process.env, DATABASE_URL: server.url };
say(
  server.kind === 'embedded'
    ? 'PostgreSQL: embedded (DATABASE_URL unset; data is discarded on exit)'
    : `PostgreSQL: ${new URL(server.url).host}`,
);
say(
  env.REDIS_URL
    ? `queue: Redis at ${new URL(env.REDIS_URL).host}`
    : "queue: BullMQ's PostgreSQL backend (REDIS_URL unset)",
);
await migrate(server.url);

const apiConfig = loadApiConfig(env);
const workerConfig = loadWorkerConfig(env);
const logger = createLogger(apiConfig);
const db = createDb(server.url);
const queue = createSweepQueue({
  databaseUrl: server.url,
  redisUrl: apiConfig.REDIS_URL,
  prefix: apiConfig.QUEUE_PREFIX,
});
const app = buildApp({ db, queue, config: apiConfig, logger });
const worker = startWorker({ config: workerConfig, db, logger });
const reconciler = startReconciler({ db, queue, intervalMs: workerConfig.RECONCILE_INTERVAL_MS, logger });
const address = await app.listen({ port: apiConfig.PORT, host: apiConfig.HOST });

const teamName = `local-${Date.now().toString(36)}`;
await createTeam(db, teamName);
const { key } = await createApiKey(db, teamName);
say(`API: ${address} (OpenAPI at ${address}/docs)`);
say(`team ${teamName}, API key (shown once): ${key}`);
say(`try: curl -H "Authorization: Bearer ${key}" ${address}/v1/sweeps`);

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await app.close();
  await reconciler.close();
  await worker.close();
  await queue.close();
  await db.$disconnect();
  await server.release();
  process.exit(code);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

if (!flags['no-demo']) {
  try {
    const client = new SwisClient({ baseUrl: address, apiKey: key });
    const started = Date.now();
    const sweep = await client.submitSweep(DEMO_SPEC);
    say(`demo sweep ${sweep.id}: ${sweep.counts.total} points`);
    const done = await client.waitForSweep(sweep.id, {
      onProgress: (s) =>
        process.stdout.write(`\r  ${s.status} ${s.counts.done + s.counts.failed}/${s.counts.total}  `),
    });
    say(
      `\ndemo sweep ${done.status} in ${((Date.now() - started) / 1000).toFixed(1)} s (${done.counts.failed} failed)`,
    );
    const front = await client.pareto(sweep.id, ['bitsPerWeight:min', 'cycles:min', 'sqnrDb:max']);
    say(
      `Pareto front over bitsPerWeight:min, cycles:min, sqnrDb:max (${front.length} of ${done.counts.done} points):`,
    );
    say(frontTable(front));
    say(`all points: curl -H "Authorization: Bearer ${key}" ${address}/v1/sweeps/${sweep.id}/points`);
  } catch (error) {
    logger.error({ err: error }, 'demo sweep failed');
    await stop(1);
  }
}
if (flags.exit) await stop(0);
else say('serving; Ctrl-C stops');
