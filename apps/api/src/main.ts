/** Process entry of the API (`npm run api`): migrate, connect, listen, close cleanly on SIGTERM/SIGINT. */
import { createDb, migrate } from '@swis-dse/db';
import { createSweepQueue } from '@swis-dse/queue';
import { buildApp } from './app.js';
import { loadApiConfig } from './config.js';
import { createLogger } from './logger.js';

const config = loadApiConfig();
const logger = createLogger(config);

const applied = await migrate(config.DATABASE_URL);
if (applied.length > 0) logger.info({ applied }, 'applied database migrations');
const db = createDb(config.DATABASE_URL);
await db.$connect();
const queue = createSweepQueue({
  databaseUrl: config.DATABASE_URL,
  redisUrl: config.REDIS_URL,
  prefix: config.QUEUE_PREFIX,
});
const app = buildApp({ db, queue, config, logger });

let closing = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (closing) return;
  closing = true;
  logger.info({ signal }, 'closing');
  try {
    await app.close();
    await queue.close();
    await db.$disconnect();
    process.exit(0);
  } catch (err) {
    logger.error({ err }, 'error while closing');
    process.exit(1);
  }
}
process.once('SIGTERM', (signal) => void shutdown(signal));
process.once('SIGINT', (signal) => void shutdown(signal));

await app.listen({ port: config.PORT, host: config.HOST });
