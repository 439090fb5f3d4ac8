import { z } from 'zod';

/** Where the work queue lives. Without a Redis URL, BullMQ runs on PostgreSQL (the same database). */
export const QueueConfigSchema = z.object({
  /** PostgreSQL; holds the queue when redisUrl is absent. */
  databaseUrl: z.string().min(1),
  /** Redis; when set, the queue lives there. */
  redisUrl: z.string().min(1).optional(),
  /**
   * Namespace of this deployment's queue: the Redis key prefix, or the PostgreSQL schema. Lets several
   * deployments (or test runs) share one server. @defaultValue 'swis'
   */
  prefix: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,40}$/, 'lowercase letters, digits and _, starting with a letter')
    .default('swis'),
});
export type QueueConfig = z.input<typeof QueueConfigSchema>;

/** The queue settings every process reads from its environment. */
export function queueConfigFromEnv(env: NodeJS.ProcessEnv): QueueConfig {
  return {
    databaseUrl: env.DATABASE_URL ?? '',
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.QUEUE_PREFIX ? { prefix: env.QUEUE_PREFIX } : {}),
  };
}
