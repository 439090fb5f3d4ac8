import type { Db } from '@swis-dse/db';
import type { SweepQueue } from '@swis-dse/queue';
import type { FastifyInstance } from 'fastify';

const READY_TIMEOUT_MS = 2000;

async function check(name: string, probe: () => Promise<unknown>): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return null;
  } catch (error) {
    return `${name}: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

/** GET /healthz (the process answers) and GET /readyz (PostgreSQL and the queue answer), unauthenticated. */
export function healthRoutes(deps: { db: Db; queue: SweepQueue }) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is alive' } }, async () => ({
      status: 'ok',
    }));

    app.get(
      '/readyz',
      { schema: { tags: ['health'], summary: 'PostgreSQL and the queue are reachable' } },
      async (request, reply) => {
        const problems = (
          await Promise.all([
            check('database', () => deps.db.$queryRaw`SELECT 1`),
            check('queue', () => deps.queue.ping()),
          ])
        ).filter((p): p is string => p !== null);
        if (problems.length === 0) return { status: 'ok' };
        request.log.warn({ problems }, 'not ready');
        reply.header('Retry-After', '5');
        return reply.code(503).send({ status: 'unavailable', problems });
      },
    );
  };
}
