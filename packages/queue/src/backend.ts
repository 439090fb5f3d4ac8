import { createPostgresBackend, Queue, Worker, withBackend } from 'bullmq';
import { Redis } from 'ioredis';
import { type QueueConfig, QueueConfigSchema } from './config.js';

/** How a consumer takes jobs (see SweepWorkerOptions). */
export interface ConsumerOptions {
  readonly concurrency: number;
  readonly lockDuration: number;
  readonly stalledInterval: number;
  readonly maxStalledCount: number;
}

/** BullMQ's Queue and Worker bound to the configured backend, with its connection options. */
export interface Backend {
  readonly kind: 'redis' | 'postgres';
  newQueue(name: string): Queue;
  newWorker(
    name: string,
    processor: ConstructorParameters<typeof Worker>[1],
    options: ConsumerOptions,
  ): Worker;
  /** Closes connections the backend opened itself. */
  close(): Promise<void>;
}

/** Redis when configured, else BullMQ's PostgreSQL backend in schema `prefix` (created on first use). */
export function openBackend(input: QueueConfig): Backend {
  const config = QueueConfigSchema.parse(input);
  if (config.redisUrl !== undefined) {
    // Workers block on Redis; BullMQ requires unlimited retries per request on their connections.
    const connections: Redis[] = [];
    const connect = () => {
      const connection = new Redis(config.redisUrl!, { maxRetriesPerRequest: null });
      connections.push(connection);
      return connection;
    };
    return {
      kind: 'redis',
      newQueue: (name) => new Queue(name, { connection: connect(), prefix: config.prefix }),
      newWorker: (name, processor, options) =>
        new Worker(name, processor, { connection: connect(), prefix: config.prefix, ...options }),
      close: async () => {
        await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
      },
    };
  }
  const postgres = withBackend(createPostgresBackend);
  const connection = { connectionString: config.databaseUrl, schema: config.prefix, migrate: true };
  return {
    kind: 'postgres',
    newQueue: (name) => new postgres.Queue(name, { connection }) as unknown as Queue,
    newWorker: (name, processor, options) =>
      new postgres.Worker(name, processor, { connection, ...options }) as unknown as Worker,
    close: async () => {},
  };
}
