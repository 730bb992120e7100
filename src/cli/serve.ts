import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { type Config, resolveConfig, settingFlags } from '../config/settings.ts';
import { openEventStore, redactLocation, storeLocation } from '../events/open.ts';
import { buildApp } from '../http/app.ts';
import { loggerOptions } from '../runtime/logger.ts';
import { initTf } from '../runtime/tf.ts';
import { ModelLoader } from '../serving/model-loader.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../serving/recommender.ts';
import { Retrainer } from '../serving/retrainer.ts';
import { connectRedisVersions, LOCAL_VERSIONS } from '../serving/user-versions.ts';

export const SERVE_FLAGS = [
  'port',
  'host',
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
  'retrainDataDir',
  'apiKeys',
  'rateLimitPerMinute',
  'corsOrigins',
  'bodyLimitBytes',
] as const;

export const SERVE_USAGE = `reco serve [--model DIR] [--port N] [--host ADDR] [--db FILE] [--log-level LEVEL] ...

Loads the model bundle (DIR/current, or DIR itself), opens the event store and serves the API.`;

/**
 * Starts the service: event store, bundle, HTTP app, listen. The server answers /healthz at
 * once; /readyz turns 200 when the bundle is loaded and warmed. SIGTERM/SIGINT close it
 * gracefully (in-flight requests finish, the store is closed, tensors freed).
 */
export async function serve(cfg: Config): Promise<FastifyInstance> {
  const rt = await initTf(cfg.tfBackend || undefined);
  const store = await openEventStore(storeLocation(cfg));
  const versions = cfg.redisUrl ? await connectRedisVersions(cfg.redisUrl) : LOCAL_VERSIONS;
  const engine = new Recommender({ ...DEFAULT_RECOMMENDER, store, versions, candidates: cfg.candidates });
  let loader: ModelLoader | undefined;
  let retrainer: Retrainer | undefined;
  const app = await buildApp({
    engine,
    store,
    logger: loggerOptions(cfg.logLevel),
    bodyLimitBytes: cfg.bodyLimitBytes,
    reload: () => loader!.reload(),
    retrain: () => {
      if (retrainer!.busy) return 'running';
      void retrainer!.maybeRetrain(true);
      return 'started';
    },
    apiKeys: cfg.apiKeys,
    rateLimitPerMinute: cfg.rateLimitPerMinute,
    corsOrigins: cfg.corsOrigins,
  });
  loader = new ModelLoader(engine, cfg.modelDir, { minIndexRecall: cfg.minIndexRecall }, app.log);
  app.addHook('preClose', async () => loader?.stop());
  app.log.info({ backend: rt.backend, kernels: rt.kernels }, 'tensorflow.js backend ready');
  app.log.info(
    { store: store.kind, location: redactLocation(storeLocation(cfg)), sharedState: versions.kind },
    'event store open',
  );
  retrainer = new Retrainer(
    store,
    loader,
    {
      intervalMs: cfg.retrainIntervalMs,
      modelDir: cfg.modelDir,
      storeLocation: storeLocation(cfg),
      dataDir: cfg.retrainDataDir || undefined,
      minNewEvents: cfg.retrainMinEvents,
      bootstrapMinEvents: cfg.bootstrapMinEvents,
    },
    app.log,
  );
  app.addHook('preClose', async () => retrainer.stop());
  // Listen first: /healthz answers while the bundle loads; /readyz turns 200 after.
  await app.listen({ port: cfg.port, host: cfg.host });
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
  await serve(resolveConfig(values));
}
