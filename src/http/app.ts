import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { Ajv } from 'ajv';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { RecoError } from '../errors.ts';
import type { EventStore } from '../events/store.ts';
import type { Engine } from '../serving/engine.ts';
import type { ReloadResult } from '../serving/model-loader.ts';
import { registerJsonBody } from './json-body.ts';
import { parseApiKeys, presentedKey, registerAuth } from './plugins/auth.ts';
import { frameworkErrorHandler, registerErrorHandler } from './plugins/error-handler.ts';
import { type ClusterMetrics, registerMetrics } from './plugins/metrics.ts';
import { registerSwagger } from './plugins/swagger.ts';
import { adminRoutes } from './routes/admin.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { itemRoutes } from './routes/items.ts';
import { recommendationRoutes } from './routes/recommendations.ts';
import { ErrorBodySchema } from './schemas/errors.ts';
import { EventInputSchema } from './schemas/events.ts';
import { ItemInputSchema } from './schemas/items.ts';

export interface AppOptions {
  engine: Engine;
  store: EventStore;
  /** pino options, or false for no logging (tests). */
  logger?: FastifyServerOptions['logger'];
  bodyLimitBytes?: number;
  /** Loads `models/current` again (POST /admin/reload); absent = the route answers 404. */
  reload?: () => Promise<ReloadResult>;
  /** Starts a training from the store in the background (POST /admin/retrain); absent = 404. */
  retrain?: () => 'started' | 'running';
  /** API keys (plain or `sha256:<hex>`), comma-separated; empty = no auth. */
  apiKeys?: string;
  /** Path prefixes that need no key. */
  openPaths?: string[];
  /** Requests per minute per API key (or per IP without keys); 0 = unlimited. */
  rateLimitPerMinute?: number;
  /** Allowed CORS origins, comma-separated; empty = CORS off. */
  corsOrigins?: string;
  /** In a `--workers` cluster: GET /metrics answers the sum over every worker. */
  clusterMetrics?: ClusterMetrics;
}

export const DEFAULT_OPEN_PATHS = ['/healthz', '/readyz', '/metrics', '/docs', '/openapi.yaml'];

/**
 * Two validators: query strings and path parameters arrive as text, so they are coerced
 * ("10" -> 10); JSON bodies are not, so `"userId": true` is an error instead of "true".
 */
function validators() {
  const opts = { allErrors: false, removeAdditional: false as const, useDefaults: true, strict: false };
  return {
    body: new Ajv({ ...opts, coerceTypes: false }),
    text: new Ajv({ ...opts, coerceTypes: 'array' as const }),
  };
}

/**
 * The one app factory, used by `reco serve` and by every test (through `app.inject`). It does
 * not listen; the server does.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimitBytes ?? 5 * 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    logController: new LogController({ disableRequestLogging: true }),
    // Ids up to 256 characters reach the schema (a 400 naming the field); longer paths get 414.
    routerOptions: { maxParamLength: 512 },
    frameworkErrors: frameworkErrorHandler,
  });
  const ajv = validators();
  for (const schema of [ErrorBodySchema, EventInputSchema, ItemInputSchema]) {
    app.addSchema(schema);
    ajv.body.addSchema(schema);
    ajv.text.addSchema(schema);
  }
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? ajv.body : ajv.text).compile(schema as object),
  );
  // One log line per request, with its id (fastify's own two lines are disabled above).
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        url: req.url,
        statusCode: reply.statusCode,
        ms: Number(reply.elapsedTime.toFixed(2)),
      },
      'request',
    );
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // JSON only: a text/plain body is a client mistake (415), not a string to validate.
  app.removeContentTypeParser('text/plain');
  registerJsonBody(app);
  registerErrorHandler(app);
  // Security headers; the CSP is relaxed only as far as Swagger UI at /docs needs.
  await app.register(helmet, { global: true, contentSecurityPolicy: false });
  if (opts.corsOrigins) {
    const origins = new Set(opts.corsOrigins.split(',').map((o) => o.trim()));
    app.addHook('onRequest', async (req, reply) => {
      const origin = req.headers.origin;
      if (origin && origins.has(origin))
        reply.header('access-control-allow-origin', origin).header('vary', 'origin');
    });
  }
  const keyHashes = parseApiKeys(opts.apiKeys ?? '');
  if (opts.rateLimitPerMinute) {
    await app.register(rateLimit, {
      max: opts.rateLimitPerMinute,
      timeWindow: 60_000,
      // Per key when keys are used (a hash, never the key itself), else per client address.
      keyGenerator: (req) => {
        const key = presentedKey(req);
        return key ? createHash('sha256').update(key).digest('hex') : req.ip;
      },
      allowList: (req) => (opts.openPaths ?? DEFAULT_OPEN_PATHS).some((p) => req.url.startsWith(p)),
      errorResponseBuilder: (_req, ctx) =>
        new RecoError(
          'RATE_LIMITED',
          `rate limit of ${ctx.max} requests per minute exceeded; retry in ${ctx.after}`,
          429,
        ),
    });
  }
  registerAuth(app, keyHashes, opts.openPaths ?? DEFAULT_OPEN_PATHS);
  await registerSwagger(app);
  healthRoutes(app, opts.engine);
  const metrics = registerMetrics(app, opts.engine, opts.clusterMetrics);
  recommendationRoutes(app, opts.engine, metrics);
  eventRoutes(app, opts.engine, opts.store, metrics);
  itemRoutes(app, opts.engine, opts.store);
  adminRoutes(app, opts.reload, opts.retrain);
  app.addHook('onClose', async () => {
    await opts.engine.close();
    await opts.store.close();
  });
  return app;
}
