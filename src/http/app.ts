import { createHash } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { recoError } from '../errors.ts';
import type { EventStore } from '../events/store.ts';
import { DEFAULT_BATCH_USER_BUDGET_MS } from '../serving/batch.ts';
import type { Engine } from '../serving/engine.ts';
import { DEFAULT_PAGING, RecommendationLists } from '../serving/lists.ts';
import type { ReloadResult } from '../serving/model-loader.ts';
import { PlacementTable } from '../serving/placements.ts';
import type { DataEngine } from '../serving/user-data.ts';
import { presentedKey } from './api-keys.ts';
import { type BaseOptions, createFastify } from './fastify.ts';
import { KeyRing } from './key-ring.ts';
import { countPerKeyLimit, declareAccess, registerAuth } from './plugins/auth.ts';
import { registerContentEncoding, registerProtocolCheck } from './plugins/edge.ts';
import { type ClusterMetrics, registerMetrics, registerRetrainMetrics } from './plugins/metrics.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { registerSwagger } from './plugins/swagger.ts';
import { adminRoutes, type RetrainControl } from './routes/admin.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { itemFlagRoutes } from './routes/item-flags.ts';
import { itemRoutes } from './routes/items.ts';
import { placementRoutes } from './routes/placements.ts';
import { batchRoutes } from './routes/recommendation-batch.ts';
import { recommendationRoutes } from './routes/recommendations.ts';
import { userDataRoutes } from './routes/user-data.ts';
import { userRoutes } from './routes/users.ts';

export interface AppOptions extends BaseOptions {
  engine: Engine;
  store: EventStore;
  /** Loads `models/current` again (POST /admin/reload); absent = the route answers 404. */
  reload?: () => Promise<ReloadResult>;
  /** Users' data and item flags (GET/DELETE /users/:userId, PATCH/DELETE /items/:itemId); absent = 404. */
  data?: DataEngine;
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
  /** Placements and paging over the engine (default: the built-in placements, DEFAULT_PAGING). */
  lists?: RecommendationLists;
  /** POST /recommendations/batch: most time one user may take (RECO_BATCH_USER_BUDGET_MS). */
  batchUserBudgetMs?: number;
  /** In a `--workers` cluster: GET /metrics answers the sum over every worker. */
  clusterMetrics?: ClusterMetrics;
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
 * The one app factory, used by `reco serve` (src/http/server.ts) and by every test (through
 * `app.inject`). It does not listen; the server does.
 *
 * Everything that must hold for every route (error handler, access check, headers, limits,
 * metrics) is registered on the root instance before the route plugins, which inherit it.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = createFastify(opts);
  const registry = new Registry();
  const docsAccess = opts.docsAccess ?? 'open';
  declareAccess(app, docsAccess === 'open' ? ['/docs', '/openapi.yaml'] : []);
  await registerHeaders(app, opts.corsOrigins ?? '');
  registerKeys(app, opts, registry);
  registerContentEncoding(app);
  registerProtocolCheck(app);
  if (opts.rateLimitPerMinute) await registerRateLimit(app, opts.rateLimitPerMinute, registry);
  await registerSwagger(app, { ui: docsAccess !== 'off' });
  await registerRoutes(app, opts, registry);
  app.addHook('onClose', async () => {
    await opts.engine.close();
    await opts.store.close();
  });
  return app;
}

/**
 * Headers first, so refusals carry them too: security headers (helmet's set, computed once:
 * plugins/security-headers.ts), then CORS (a browser must be able to read a 401). CORS answers
 * preflights itself, for the configured origins only; no origins, no CORS headers at all.
 */
async function registerHeaders(app: FastifyInstance, corsOrigins: string): Promise<void> {
  await registerSecurityHeaders(app, { contentSecurityPolicy: API_CSP });
  const origins = corsOrigins
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length > 0) await app.register(cors, { origin: origins, ...CORS });
}

/** The client and admin keys (inline and from files, watched for rotation) and the access check. */
function registerKeys(app: FastifyInstance, opts: AppOptions, registry: Registry): void {
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
}

/** RECO_RATE_LIMIT: requests per minute per key (a hash, never the key itself), else per client address. */
async function registerRateLimit(app: FastifyInstance, max: number, registry: Registry): Promise<void> {
  const limited = countPerKeyLimit(registry);
  await app.register(rateLimit, {
    max,
    timeWindow: 60_000,
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

/**
 * The metrics (hook and GET /metrics) and one plugin per route file. The metrics hook comes
 * first, like every app-wide hook: added to the root before the route plugins, it is in their
 * contexts (test/http/route-plugins.test.ts checks every plugin's routes are timed).
 */
async function registerRoutes(app: FastifyInstance, opts: AppOptions, registry: Registry): Promise<void> {
  const { engine, store } = opts;
  const metrics = registerMetrics(app, engine, registry, opts.metricsAccess ?? 'open', opts.clusterMetrics);
  await app.register(healthRoutes, { engine });
  const lists = opts.lists ?? new RecommendationLists(engine, new PlacementTable(), DEFAULT_PAGING);
  await app.register(recommendationRoutes, { engine, lists, metrics });
  const userBudgetMs = opts.batchUserBudgetMs ?? DEFAULT_BATCH_USER_BUDGET_MS;
  await app.register(batchRoutes, { lists, metrics, userBudgetMs });
  await app.register(placementRoutes, { placements: lists.placements });
  await app.register(userRoutes, { engine });
  await app.register(eventRoutes, { engine, store, metrics });
  await app.register(itemRoutes, { engine, store });
  if (opts.data) await app.register(userDataRoutes, { data: opts.data, store });
  if (opts.data) await app.register(itemFlagRoutes, { data: opts.data, store });
  if (opts.retrain) registerRetrainMetrics(registry, opts.retrain);
  await app.register(adminRoutes, { reload: opts.reload, retrain: opts.retrain });
}
