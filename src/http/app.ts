import { createHash } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { Ajv } from 'ajv';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { Registry } from 'prom-client';
import { recoError } from '../errors.ts';
import type { EventStore } from '../events/store.ts';
import type { Engine } from '../serving/engine.ts';
import type { ReloadResult } from '../serving/model-loader.ts';
import { presentedKey } from './api-keys.ts';
import { registerJsonBody } from './json-body.ts';
import { KeyRing } from './key-ring.ts';
import { countPerKeyLimit, declareAccess, registerAuth } from './plugins/auth.ts';
import {
  clientErrorHandler,
  DEFAULT_TIMEOUTS,
  type EdgeTimeouts,
  registerContentEncoding,
  registerProtocolCheck,
  timeoutOptions,
} from './plugins/edge.ts';
import { frameworkErrorHandler, registerErrorHandler } from './plugins/error-handler.ts';
import { type ClusterMetrics, registerMetrics, registerRetrainMetrics } from './plugins/metrics.ts';
import { registerSwagger } from './plugins/swagger.ts';
import { adminRoutes, type RetrainControl } from './routes/admin.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { itemRoutes } from './routes/items.ts';
import { recommendationRoutes } from './routes/recommendations.ts';
import { RetrainOutcomeSchema } from './schemas/admin.ts';
import { ErrorBodySchema } from './schemas/errors.ts';
import { EventInputSchema } from './schemas/events.ts';
import { ItemInputSchema } from './schemas/items.ts';
import { strictNumbers } from './strict-numbers.ts';

export interface AppOptions {
  engine: Engine;
  store: EventStore;
  /** pino options, or false for no logging (tests). */
  logger?: FastifyServerOptions['logger'];
  bodyLimitBytes?: number;
  /** Loads `models/current` again (POST /admin/reload); absent = the route answers 404. */
  reload?: () => Promise<ReloadResult>;
  /** Retraining from the store (POST and GET /admin/retrain); absent = 404. */
  retrain?: RetrainControl;
  /** Client keys (plain or `sha256:<hex>`), comma-separated; empty = client routes need no key. */
  apiKeys?: string;
  /** Admin keys for `/admin/*` (valid on client routes too). */
  adminKeys?: string;
  /** Files with more client / admin keys, read again when they change (rotation, no restart). */
  apiKeysFile?: string;
  adminKeysFile?: string;
  /**
   * The server listens on loopback only (the default: an app that is only injected is local).
   * Without admin keys, admin routes answer local clients only when this is true.
   */
  loopbackOnly?: boolean;
  /** Failed authentications per client IP per minute before 429 (default 20; 0 = no limit). */
  authFailureLimit?: number;
  /** GET /metrics: open (default) or behind a key. */
  metricsAccess?: 'open' | 'key';
  /** /docs and /openapi.yaml: open (default), behind a key, or not served. */
  docsAccess?: 'open' | 'key' | 'off';
  /** Requests per minute per API key (or per IP without keys); 0 = unlimited. */
  rateLimitPerMinute?: number;
  /** Allowed CORS origins, comma-separated; empty = CORS off. */
  corsOrigins?: string;
  /** In a `--workers` cluster: GET /metrics answers the sum over every worker. */
  clusterMetrics?: ClusterMetrics;
  /** Socket and request timeouts (defaults: DEFAULT_TIMEOUTS). */
  timeouts?: Partial<EdgeTimeouts>;
}

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

/** How often key files are checked for changes: a rotated key works within this. */
const KEY_FILE_POLL_MS = 2000;

/** Headers a browser client may send and read (CORS). */
const CORS = {
  methods: ['GET', 'POST'],
  allowedHeaders: ['x-api-key', 'authorization', 'content-type', 'x-request-id'],
  exposedHeaders: ['x-request-id', 'retry-after'],
  maxAge: 600,
};

/**
 * The API answers JSON only, so its CSP allows nothing at all; Swagger UI at /docs sets its own
 * (scripts and styles from this origin, with hashes for its inline ones).
 */
const API_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
  },
};

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
    clientErrorHandler,
    ...timeoutOptions({ ...DEFAULT_TIMEOUTS, ...opts.timeouts }),
  });
  const ajv = validators();
  for (const schema of [ErrorBodySchema, EventInputSchema, ItemInputSchema, RetrainOutcomeSchema]) {
    app.addSchema(schema);
    ajv.body.addSchema(schema);
    ajv.text.addSchema(schema);
  }
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body'
      ? ajv.body.compile(schema as object)
      : strictNumbers(schema, ajv.text.compile(schema as object)),
  );
  // One log line per request, with its id (fastify's own two lines are disabled above). The
  // path only: a query string may carry what a client should not have put there.
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        url: req.url.split('?')[0].slice(0, 300),
        route: req.routeOptions.url,
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
  const registry = new Registry();
  const docsAccess = opts.docsAccess ?? 'open';
  declareAccess(app, docsAccess === 'open' ? ['/docs', '/openapi.yaml'] : []);
  // Headers first, so refusals carry them too: security headers, then CORS (a browser must be
  // able to read a 401). CORS answers preflights itself, for the configured origins only; no
  // origins, no CORS headers at all.
  await app.register(helmet, { global: true, contentSecurityPolicy: API_CSP });
  const origins = (opts.corsOrigins ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length > 0) await app.register(cors, { origin: origins, ...CORS });
  const clientKeys = new KeyRing(opts.apiKeys ?? '', opts.apiKeysFile || undefined, app.log);
  const adminKeys = new KeyRing(opts.adminKeys ?? '', opts.adminKeysFile || undefined, app.log);
  for (const ring of [clientKeys, adminKeys]) {
    ring.watch(KEY_FILE_POLL_MS);
    app.addHook('onClose', async () => ring.stop());
  }
  registerAuth(app, {
    clientKeys,
    adminKeys,
    clientKeysRequired: clientKeys.size > 0,
    adminKeysRequired: adminKeys.size > 0,
    loopbackOnly: opts.loopbackOnly ?? true,
    failureLimit: opts.authFailureLimit ?? 20,
    registry,
  });
  registerContentEncoding(app);
  registerProtocolCheck(app);
  if (opts.rateLimitPerMinute) {
    const limited = countPerKeyLimit(registry);
    await app.register(rateLimit, {
      max: opts.rateLimitPerMinute,
      timeWindow: 60_000,
      // Per key when keys are used (a hash, never the key itself), else per client address.
      keyGenerator: (req) => {
        const key = presentedKey(req);
        return key ? createHash('sha256').update(key).digest('hex') : req.ip;
      },
      allowList: (req) => req.routeOptions.config?.access === 'open',
      errorResponseBuilder: (_req, ctx) => {
        limited();
        return recoError('RATE_LIMITED', { limit: 'per_key', max: ctx.max, after: ctx.after });
      },
    });
  }
  await registerSwagger(app, { ui: docsAccess !== 'off' });
  // App-wide hooks (the metrics' among them) are added before the route plugins, which inherit them.
  const metrics = registerMetrics(
    app,
    opts.engine,
    registry,
    opts.metricsAccess ?? 'open',
    opts.clusterMetrics,
  );
  // One plugin per route file.
  await app.register(healthRoutes, { engine: opts.engine });
  await app.register(recommendationRoutes, { engine: opts.engine, metrics });
  await app.register(eventRoutes, { engine: opts.engine, store: opts.store, metrics });
  await app.register(itemRoutes, { engine: opts.engine, store: opts.store });
  if (opts.retrain) registerRetrainMetrics(registry, opts.retrain);
  await app.register(adminRoutes, { reload: opts.reload, retrain: opts.retrain });
  app.addHook('onClose', async () => {
    await opts.engine.close();
    await opts.store.close();
  });
  return app;
}
