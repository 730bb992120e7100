import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { type Config, resolveConfig, settingFlags } from '../config/settings.ts';
import { ConfigError } from '../errors.ts';
import { openEventStore, redactLocation, storeLocation } from '../events/open.ts';
import { buildApp } from '../http/app.ts';
import { resolveExposure } from '../http/exposure.ts';
import { createLogger, loggerOptions } from '../runtime/logger.ts';
import { nativeAddon } from '../runtime/native.ts';
import { initTf } from '../runtime/tf.ts';
import { ClusterLink, clusterVersions, runPrimary, workerCount } from '../serving/cluster.ts';
import { ModelLoader } from '../serving/model-loader.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../serving/recommender.ts';
import { Retrainer } from '../serving/retrainer.ts';
import { connectRedisVersions, LOCAL_VERSIONS } from '../serving/user-versions.ts';

export const SERVE_FLAGS = [
  'port',
  'host',
  'workers',
  'modelDir',
  'dbPath',
  'databaseUrl',
  'redisUrl',
  'logLevel',
  'tfBackend',
  'candidates',
  'minIndexRecall',
  'reloadIntervalMs',
  'retrainIntervalMs',
  'retrainMinEvents',
  'bootstrapMinEvents',
  'retrainMaxShrink',
  'keepBundles',
  'retrainDataDir',
  'apiKeys',
  'adminKeys',
  'apiKeysFile',
  'adminKeysFile',
  'insecureOpen',
  'authFailureLimit',
  'metricsAccess',
  'docsAccess',
  'rateLimitPerMinute',
  'corsOrigins',
  'bodyLimitBytes',
  'requestTimeoutMs',
  'headersTimeoutMs',
  'connectionTimeoutMs',
  'keepAliveTimeoutMs',
] as const;

export const SERVE_USAGE = `reco serve [--model DIR] [--port N] [--host ADDR] [--db FILE] [--log-level LEVEL] ...

Loads the model bundle (DIR/current, or DIR itself), opens the event store and serves the API.`;

/**
 * Starts the service: event store, bundle, HTTP app, listen. The server answers /healthz at
 * once; /readyz turns 200 when the bundle is loaded and warmed. SIGTERM/SIGINT close it
 * gracefully (in-flight requests finish, the store is closed, tensors freed).
 */
export async function serve(cfg: Config): Promise<FastifyInstance> {
  // Before anything is opened: a keyless server on a reachable address does not start.
  const exposure = resolveExposure(cfg);
  const rt = await initTf(cfg.tfBackend || undefined);
  const store = await openEventStore(storeLocation(cfg));
  // In a `--workers` cluster the workers keep each other current through the primary, unless
  // Redis already does it for every replica.
  const link = ClusterLink.connect();
  const versions = cfg.redisUrl
    ? await connectRedisVersions(cfg.redisUrl)
    : link
      ? clusterVersions(link)
      : LOCAL_VERSIONS;
  // Only one process of a host trains (worker 0); the others hand it POST /admin/retrain.
  const trains = !link || link.index === 0;
  const engine = new Recommender({ ...DEFAULT_RECOMMENDER, store, versions, candidates: cfg.candidates });
  let loader: ModelLoader | undefined;
  let retrainer: Retrainer | undefined;
  const app = await buildApp({
    engine,
    store,
    logger: loggerOptions(cfg.logLevel),
    bodyLimitBytes: cfg.bodyLimitBytes,
    reload: () => loader!.reload(),
    retrain: {
      start: (opts) => {
        if (!trains) {
          link!.forwardRetrain(opts);
          return 'started';
        }
        if (retrainer!.busy) return 'running';
        void retrainer!.maybeRetrain(true, opts);
        return 'started';
      },
      // Another worker trains: it cannot be waited for from here.
      run: async (opts) => {
        if (!trains) {
          link!.forwardRetrain(opts);
          return undefined;
        }
        return retrainer!.maybeRetrain(true, opts);
      },
      status: () => ({
        running: retrainer?.busy ?? false,
        last: retrainer?.lastOutcome,
        outcomes: retrainer?.outcomes ?? { served: 0, refused: 0, failed: 0, unchanged: 0 },
      }),
    },
    apiKeys: cfg.apiKeys,
    adminKeys: cfg.adminKeys,
    apiKeysFile: cfg.apiKeysFile,
    adminKeysFile: cfg.adminKeysFile,
    loopbackOnly: exposure.loopbackOnly,
    authFailureLimit: cfg.authFailureLimit,
    metricsAccess: cfg.metricsAccess as 'open' | 'key',
    docsAccess: cfg.docsAccess as 'open' | 'key' | 'off',
    rateLimitPerMinute: cfg.rateLimitPerMinute,
    corsOrigins: cfg.corsOrigins,
    timeouts: cfg,
    clusterMetrics: link && { share: (r) => link.shareMetrics(r), collect: () => link.metrics() },
  });
  loader = new ModelLoader(engine, cfg.modelDir, { minIndexRecall: cfg.minIndexRecall }, app.log);
  app.addHook('preClose', async () => loader?.stop());
  if (link) {
    loader.onSwap = () => link.broadcastReload();
    link.onReload(() => void loader!.reload({ announce: false }).catch(() => {}));
    link.onRetrain((opts) => void retrainer?.maybeRetrain(true, opts));
  }
  if (exposure.warning) app.log.warn(exposure.warning);
  app.log.info(
    {
      host: exposure.host,
      clientKeys: exposure.clientKeys,
      adminKeys: exposure.adminKeys,
      admin: exposure.adminKeys ? 'admin keys' : exposure.loopbackOnly ? 'local clients only' : 'off',
    },
    'access',
  );
  app.log.info(
    { backend: rt.backend, kernels: rt.kernels, native: !!nativeAddon() },
    'tensorflow.js backend ready',
  );
  app.log.info(
    { store: store.kind, location: redactLocation(storeLocation(cfg)), sharedState: versions.kind },
    'event store open',
  );
  retrainer = new Retrainer(
    store,
    loader,
    {
      intervalMs: trains ? cfg.retrainIntervalMs : 0,
      modelDir: cfg.modelDir,
      storeLocation: storeLocation(cfg),
      dataDir: cfg.retrainDataDir || undefined,
      minNewEvents: cfg.retrainMinEvents,
      bootstrapMinEvents: trains ? cfg.bootstrapMinEvents : 0,
      maxShrink: cfg.retrainMaxShrink,
      keepBundles: cfg.keepBundles,
    },
    app.log,
  );
  app.addHook('preClose', async () => retrainer.stop());
  // Listen first: /healthz answers while the bundle loads; /readyz turns 200 after.
  await app.listen({ port: cfg.port, host: exposure.host });
  await loader.reload().catch(() => app.log.error('no model bundle could be loaded; /readyz stays 503'));
  loader.watch(cfg.reloadIntervalMs);
  await retrainer.start(engine.isReady(), () => engine.isReady());
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return app;
}

export async function runServe(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: settingFlags(SERVE_FLAGS), strict: true });
  const cfg = resolveConfig(values);
  // In the primary too: workers that refuse to start would only be restarted, again and again.
  resolveExposure(cfg);
  const workers = workerCount(cfg.workers, availableParallelism());
  if (workers > 1 && cluster.isPrimary) {
    if (!cfg.databaseUrl && cfg.dbPath === ':memory:') {
      throw new ConfigError(
        '--workers: several workers need one shared event store (a SQLite file or PostgreSQL), not :memory:',
      );
    }
    await runPrimary(workers, createLogger(cfg.logLevel));
    process.exit(0);
  }
  await serve(cfg);
}
