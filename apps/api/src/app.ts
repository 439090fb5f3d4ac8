import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { requireApiKey } from './auth.js';
import { JSON_BODY_LIMIT_BYTES } from './config.js';
import type { ApiDeps, RouteDeps } from './deps.js';
import { handleError, handleNotFound } from './errors.js';
import { createLogger } from './logger.js';
import { registerMetrics } from './metrics.js';
import { registerRateLimit } from './rate-limit.js';
import { healthRoutes } from './routes/health.js';
import { modelRoutes } from './routes/models.js';
import { paretoRoutes } from './routes/pareto.js';
import { pointRoutes } from './routes/points.js';
import { sweepRoutes } from './routes/sweeps.js';
import { uiRoutes } from './routes/ui.js';
import { DOCS_CSP, registerSecurityHeaders } from './security-headers.js';
import { createTtlCache } from './ttl-cache.js';

export interface BuildAppOptions extends ApiDeps {
  /** Logger to use. @defaultValue a pino logger at config.LOG_LEVEL with credentials redacted */
  readonly logger?: FastifyBaseLogger;
}

/**
 * The API over `db` and `queue`, not yet listening (tests call `inject`; main.ts calls `listen`). The caller
 * owns db and queue and closes them after the app.
 */
export function buildApp(options: BuildAppOptions): FastifyInstance {
  const { db, queue, config } = options;
  const app = Fastify({
    loggerInstance: options.logger ?? createLogger(config),
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    // Errors Fastify answers before routing (overlong or badly encoded URLs) get the API's JSON body too.
    frameworkErrors: handleError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  app.decorateRequest('caller', null);
  // Before every route: headers on every answer, and the limit checked before auth or the body.
  registerSecurityHeaders(app);
  registerRateLimit(app, config);
  registerMetrics(app, { db, queue });

  void app.register(swagger, {
    openapi: {
      info: {
        title: 'swis-dse API',
        description:
          'Sweeps over the SWIS design space, their points and Pareto fronts, and uploaded models.',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The UI's assets are served from @fastify/swagger-ui's own files: /docs works offline.
  void app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP });

  const deps: RouteDeps = {
    db,
    queue,
    config,
    caches: {
      callers: createTtlCache(config.AUTH_CACHE_MS),
      sweeps: createTtlCache(config.STATUS_CACHE_MS),
    },
  };
  void app.register(healthRoutes(deps));
  void app.register(uiRoutes());
  void app.register(
    async (v1) => {
      requireApiKey(v1, db, deps.caches.callers);
      await v1.register(sweepRoutes(deps));
      await v1.register(pointRoutes(deps));
      await v1.register(paretoRoutes(deps));
      await v1.register(modelRoutes(deps));
    },
    { prefix: '/v1' },
  );
  return app;
}
