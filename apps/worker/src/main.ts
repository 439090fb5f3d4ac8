/**
 * `npm run worker`: applies the migrations, then runs WORKER_PROCESSES worker processes (this one when 1;
 * otherwise forked children), each with a queue consumer and a reconciler. SIGTERM / SIGINT close them
 * gracefully; a parent forwards the signal and exits when its children have.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createDb, migrate } from '@swis-dse/db';
import { createSweepQueue } from '@swis-dse/queue';
import { type Logger, pino } from 'pino';
import { loadWorkerConfig, type WorkerConfig } from './config.js';
import { startReconciler } from './reconciler.js';
import { queueConfigOf, startWorker } from './worker.js';

/** Set in forked children: they skip the migration and never fork. */
const CHILD_FLAG = 'SWIS_WORKER_CHILD';
/** Wait before replacing a worker process that died. */
const RESPAWN_DELAY_MS = 1000;

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  if (process.env[CHILD_FLAG] !== '1') {
    const applied = await migrate(config.DATABASE_URL);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    if (config.WORKER_PROCESSES > 1) return supervise(config, logger);
  }
  await runWorker(config, logger);
}

async function runWorker(config: WorkerConfig, logger: Logger): Promise<void> {
  setPriority(config.WORKER_NICE);
  const db = createDb(config.DATABASE_URL);
  const queue = createSweepQueue(queueConfigOf(config));
  const worker = startWorker({ config, db, logger });
  const reconciler = startReconciler({ db, queue, intervalMs: config.RECONCILE_INTERVAL_MS, logger });
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, pid: process.pid }, 'stopping');
    let code = 0;
    try {
      await reconciler.close();
      await worker.close();
      await queue.close();
      await db.$disconnect();
    } catch (err) {
      logger.error({ err }, 'unclean shutdown');
      code = 1;
    }
    process.exit(code);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function supervise(config: WorkerConfig, logger: Logger): void {
  const script = fileURLToPath(import.meta.url);
  const children = new Set<ChildProcess>();
  let worst = 0;
  let stopping = false;
  const spawn = () => {
    if (stopping) return;
    // execArgv carries tsx's loader, so the child runs this TypeScript file too.
    const child = fork(script, process.argv.slice(2), {
      env: { ...process.env, [CHILD_FLAG]: '1' },
      execArgv: process.execArgv,
    });
    children.add(child);
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (!stopping) {
        // A crashed worker's batches are retried by BullMQ (stalled jobs) and the reconciler; replace it.
        logger.error({ pid: child.pid, code, signal }, 'worker process died; starting another');
        setTimeout(spawn, RESPAWN_DELAY_MS);
        return;
      }
      if (code !== 0) worst = Math.max(worst, code ?? 1);
      logger.info({ pid: child.pid, code, signal }, 'worker process exited');
      if (children.size === 0) process.exit(worst);
    });
  };
  for (let i = 0; i < config.WORKER_PROCESSES; i++) spawn();
  logger.info({ processes: [...children].map((c) => c.pid) }, 'worker processes started');
  const forward = (signal: NodeJS.Signals) => {
    stopping = true;
    if (children.size === 0) process.exit(worst);
    for (const child of children) child.kill(signal);
  };
  process.on('SIGTERM', forward);
  process.on('SIGINT', forward);
}

main().catch((err: unknown) => {
  pino().fatal({ err }, 'worker failed to start');
  process.exit(1);
});
