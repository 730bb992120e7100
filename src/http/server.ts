import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../config/settings.ts';
import { ConfigError } from '../errors.ts';
import { openEventStore, redactLocation, storeLocation } from '../events/open.ts';
import type { EventStore } from '../events/store.ts';
import { createLogger, loggerOptions } from '../runtime/logger.ts';
import { nativeAddon } from '../runtime/native.ts';
import { initTf, type RuntimeInfo } from '../runtime/tf.ts';
import { type ChangeFeed, connectRedisFeed, NO_FEED } from '../serving/change-feed.ts';
import { ClusterLink, clusterVersions, runPrimary, workerCount } from '../serving/cluster.ts';
import { announceChanges, linkFeed } from '../serving/item-changes.ts';
import { RecommendationLists } from '../serving/lists.ts';
import { ModelLoader } from '../serving/model-loader.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../serving/recommender.ts';
import { RetentionJob, retentionPolicy } from '../serving/retention.ts';
import { Retrainer } from '../serving/retrainer.ts';
import { connectRedisVersions, LOCAL_VERSIONS, type UserVersions } from '../serving/user-versions.ts';
import { type AppOptions, buildApp } from './app.ts';
import { type Exposure, resolveExposure } from './exposure.ts';
import { placementsFromSetting } from './placements-config.ts';
import type { RetrainControl } from './routes/admin.ts';

/** What one serving process opens before its app: the store, the shared state, the engine. */
interface Serving {
  store: EventStore;
  /** This worker's link to the primary in a `--workers` cluster; undefined in a lone process. */
  link?: ClusterLink;
  versions: UserVersions;
  /** Nudges from and to the other replicas (hosts) when the shared catalogue or erasures change. */
  feed: ChangeFeed;
  /** Another worker of this host trains: retraining requests are handed to it. */
  trainsElsewhere: boolean;
  engine: Recommender;
}

/** Made after the app (they log through it); the app's routes reach them through this. */
interface Late {
  loader?: ModelLoader;
  retrainer?: Retrainer;
}

/**
 * `--workers N` with N > 1, in the primary process: forks the workers and supervises them until
 * they have exited, then resolves true. False in a worker or a lone process: the caller serves.
 */
export async function superviseWorkers(cfg: Config): Promise<boolean> {
  // In the primary too: workers that refuse to start would only be restarted, again and again.
  resolveExposure(cfg);
  const workers = workerCount(cfg.workers, availableParallelism());
  if (workers <= 1 || !cluster.isPrimary) return false;
  if (!cfg.databaseUrl && cfg.dbPath === ':memory:') {
    throw new ConfigError(
      '--workers: several workers need one shared event store (a SQLite file or PostgreSQL), not :memory:',
    );
  }
  await runPrimary(workers, createLogger(cfg.logLevel));
  return true;
}

/**
 * The whole server from the resolved settings: event store, shared state, engine, HTTP app,
 * model loader and retrainer, then listen. It answers /healthz at once; /readyz turns 200 when
 * the bundle is loaded and warmed. `app.close()` stops it gracefully (in-flight requests finish,
 * the loader and retrainer stop, the store is closed, tensors freed); signals are the caller's.
 */
export async function startServer(cfg: Config): Promise<FastifyInstance> {
  // Before anything is opened: a keyless server on a reachable address does not start.
  const exposure = resolveExposure(cfg);
  const retentionDays = retentionPolicy(cfg);
  const rt = await initTf(cfg.tfBackend || undefined);
  const serving = await openServing(cfg);
  const late: Late = {};
  const app = await buildApp(appOptions(cfg, exposure, serving, late));
  const loader = new ModelLoader(
    serving.engine,
    cfg.modelDir,
    { minIndexRecall: cfg.minIndexRecall },
    app.log,
  );
  late.loader = loader;
  app.addHook('preClose', async () => loader.stop());
  app.addHook('onClose', async () => serving.feed.close());
  const { link } = serving;
  if (link) {
    loader.onSwap = () => link.broadcastReload();
    link.onReload(() => void loader.reload({ announce: false }).catch(() => {}));
    link.onRetrain((opts) => void late.retrainer?.maybeRetrain(true, opts));
  }
  logStart(app.log, cfg, exposure, rt, serving);
  const retrainer = createRetrainer(cfg, serving, loader, app.log);
  late.retrainer = retrainer;
  app.addHook('preClose', async () => retrainer.stop());
  // One pruner per host, the process that trains (worker 0): the others would only race it.
  const retention = new RetentionJob(serving.store, retentionDays, { log: app.log });
  if (!serving.trainsElsewhere) retention.start();
  app.addHook('preClose', async () => retention.stop());
  // Listen first: /healthz answers while the bundle loads; /readyz turns 200 after.
  await app.listen({ port: cfg.port, host: exposure.host });
  await loader.reload().catch(() => app.log.error('no model bundle could be loaded; /readyz stays 503'));
  loader.watch(cfg.reloadIntervalMs);
  const { engine } = serving;
  await retrainer.start(engine.isReady(), () => engine.isReady());
  return app;
}

async function openServing(cfg: Config): Promise<Serving> {
  const store = await openEventStore(storeLocation(cfg));
  // In a `--workers` cluster the workers keep each other current through the primary, unless
  // Redis already does it for every replica.
  const link = ClusterLink.connect();
  const versions = cfg.redisUrl
    ? await connectRedisVersions(cfg.redisUrl)
    : link
      ? clusterVersions(link)
      : LOCAL_VERSIONS;
  // Every process subscribes itself: each serves its own copy of the bundle.
  const feed = cfg.redisUrl ? await connectRedisFeed(cfg.redisUrl) : NO_FEED;
  // Only one process of a host trains (worker 0); the others hand it POST /admin/retrain.
  const trainsElsewhere = link !== undefined && link.index !== 0;
  const engine = new Recommender({
    ...DEFAULT_RECOMMENDER,
    store,
    versions,
    candidates: cfg.candidates,
    userIndexSize: cfg.userIndexSize,
  });
  return { store, link, versions, feed, trainsElsewhere, engine };
}

function appOptions(cfg: Config, exposure: Exposure, s: Serving, late: Late): AppOptions {
  const { link } = s;
  return {
    engine: s.engine,
    data: sharedData(s),
    store: s.store,
    logger: loggerOptions(cfg.logLevel),
    bodyLimitBytes: cfg.bodyLimitBytes,
    reload: () => late.loader!.reload(),
    retrain: retrainControl(s, late),
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
    lists: new RecommendationLists(s.engine, placementsFromSetting(cfg.placements), {
      ttlMs: cfg.pageTtlMs,
      maxEntries: cfg.pageCacheEntries,
      maxBytes: cfg.pageCacheBytes,
    }),
    batchUserBudgetMs: cfg.batchUserBudgetMs,
    timeouts: cfg,
    clusterMetrics: link && { share: (r) => link.shareMetrics(r), collect: () => link.metrics() },
  };
}

/**
 * What the data routes change, served here first, then passed on: to every other process through
 * Redis, or to this host's other workers through the primary.
 */
function sharedData({ engine, link, feed }: Serving) {
  // With Redis every worker subscribes itself; without it, the primary relays between workers.
  const nudges = feed !== NO_FEED ? feed : link ? linkFeed(link) : undefined;
  return nudges ? announceChanges(engine, nudges, () => engine.syncItems()) : engine;
}

/** POST and GET /admin/retrain: this process's retrainer, or worker 0's through the link. */
function retrainControl({ link, trainsElsewhere }: Serving, late: Late): RetrainControl {
  return {
    start: (opts) => {
      if (trainsElsewhere) {
        link!.forwardRetrain(opts);
        return 'started';
      }
      if (late.retrainer!.busy) return 'running';
      void late.retrainer!.maybeRetrain(true, opts);
      return 'started';
    },
    // Another worker trains: it cannot be waited for from here.
    run: async (opts) => {
      if (trainsElsewhere) {
        link!.forwardRetrain(opts);
        return undefined;
      }
      return late.retrainer!.maybeRetrain(true, opts);
    },
    status: () => ({
      running: late.retrainer?.busy ?? false,
      last: late.retrainer?.lastOutcome,
      outcomes: late.retrainer?.outcomes ?? { served: 0, refused: 0, failed: 0, unchanged: 0 },
    }),
  };
}

function createRetrainer(cfg: Config, s: Serving, loader: ModelLoader, log: FastifyBaseLogger): Retrainer {
  const trains = !s.trainsElsewhere;
  return new Retrainer(
    s.store,
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
    log,
  );
}

/** Who may call, the tensor backend and the store: the lines an operator reads at every start. */
function logStart(
  log: FastifyBaseLogger,
  cfg: Config,
  exposure: Exposure,
  rt: RuntimeInfo,
  s: Serving,
): void {
  if (exposure.warning) log.warn(exposure.warning);
  log.info(
    {
      host: exposure.host,
      clientKeys: exposure.clientKeys,
      adminKeys: exposure.adminKeys,
      admin: exposure.adminKeys ? 'admin keys' : exposure.loopbackOnly ? 'local clients only' : 'off',
    },
    'access',
  );
  log.info(
    { backend: rt.backend, kernels: rt.kernels, native: !!nativeAddon() },
    'tensorflow.js backend ready',
  );
  log.info(
    { store: s.store.kind, location: redactLocation(storeLocation(cfg)), sharedState: s.versions.kind },
    'event store open',
  );
}
