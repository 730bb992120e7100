import type { FastifyInstance } from 'fastify';
import {
  type Aggregator,
  Counter,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  type Registry,
} from 'prom-client';
import type { StoredEvent } from '../../data/types.ts';
import { tf } from '../../runtime/tf.ts';
import type { Engine, StageTimings } from '../../serving/engine.ts';
import type { RetrainControl } from '../routes/admin.ts';

/** The service's Prometheus metrics; one registry per app so tests stay independent. */
export interface Metrics {
  registry: Registry;
  /** After a batch is acknowledged: what was posted, and how many were new. */
  eventsIngested(events: readonly StoredEvent[], stored: number, duplicates: number): void;
  /** After a recommendation: how long each pipeline stage took. */
  stageTimings(t: StageTimings): void;
}

/** How a worker of a `--workers` cluster shares its registry and reads the cluster's sum. */
export interface ClusterMetrics {
  share(local: Registry): void;
  collect(): Promise<string>;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * GET /metrics in the Prometheus text format: request latency per route, latency per pipeline
 * stage, events ingested, model version and age, index size and recall, tensor count and
 * memory, user-state cache hits. Gauges that mirror engine state are read at scrape time.
 */
export function registerMetrics(
  app: FastifyInstance,
  engine: Engine,
  registry: Registry,
  access: 'open' | 'key',
  cluster?: ClusterMetrics,
): Metrics {
  collectDefaultMetrics({ register: registry, prefix: 'reco_process_' });
  cluster?.share(registry);
  const { requests, stages, sources, received, ingested, duplicates } = requestMetrics(registry);
  registerEngineGauges(registry, engine);
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    requests.observe(
      { method: req.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  // Open by default, as Prometheus scrapes without secrets; `key` puts it behind a client key.
  const config = { access: access === 'open' ? ('open' as const) : ('client' as const) };
  app.get('/metrics', { schema: { hide: true }, config }, async (_req, reply) =>
    reply.type(registry.contentType).send(cluster ? await cluster.collect() : await registry.metrics()),
  );
  return {
    registry,
    eventsIngested(events, stored, dups) {
      for (const e of events) received.inc({ type: e.type });
      ingested.inc(stored);
      duplicates.inc(dups);
    },
    stageTimings({ total: _total, sources: bySource, ...rest }) {
      for (const [stage, ms] of Object.entries(rest)) stages.observe({ stage }, ms / 1000);
      for (const [source, ms] of Object.entries(bySource ?? {})) sources.observe({ source }, ms / 1000);
    },
  };
}

/** What requests and events are counted in: latency per route and per stage, events in. */
function requestMetrics(registry: Registry) {
  return {
    requests: new Histogram({
      name: 'reco_http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    stages: new Histogram({
      name: 'reco_stage_duration_seconds',
      help: 'Recommendation latency by pipeline stage',
      labelNames: ['stage'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    sources: new Histogram({
      name: 'reco_source_duration_seconds',
      help: 'Time spent in each candidate source (part of the candidates stage)',
      labelNames: ['source'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    received: new Counter({
      name: 'reco_events_received_total',
      help: 'Valid events acknowledged with 202, by type (including retried duplicates)',
      labelNames: ['type'],
      registers: [registry],
    }),
    ingested: new Counter({
      name: 'reco_events_stored_total',
      help: 'Events newly and durably stored',
      registers: [registry],
    }),
    duplicates: new Counter({
      name: 'reco_events_duplicate_total',
      help: 'Events not stored again because their eventId was already stored',
      registers: [registry],
    }),
  };
}

/** Gauges that mirror engine state, read at scrape time. */
function registerEngineGauges(registry: Registry, engine: Engine): void {
  // Across a `--workers` cluster counters and most gauges add up; per-model facts do not.
  const gauge = (
    name: string,
    help: string,
    read: () => number | undefined,
    aggregator: Aggregator = 'sum',
  ) =>
    new Gauge({
      name,
      help,
      aggregator,
      registers: [registry],
      collect() {
        const v = read();
        if (v !== undefined) this.set(v);
      },
    });
  new Gauge({
    name: 'reco_model_info',
    help: 'The model bundle being served (value 1, version as label)',
    labelNames: ['version'],
    aggregator: 'max',
    registers: [registry],
    collect() {
      this.reset();
      const v = engine.stats().modelVersion;
      if (v) this.set({ version: v }, 1);
    },
  });
  gauge(
    'reco_model_age_seconds',
    'Seconds since the served bundle was trained',
    () => {
      const t = engine.stats().modelCreatedAt;
      return t === undefined ? undefined : (Date.now() - t) / 1000;
    },
    'max',
  );
  gauge('reco_ready', 'Serving a loaded bundle (1) or not (0); summed over a cluster: ready workers', () =>
    engine.isReady() ? 1 : 0,
  );
  gauge('reco_index_items', 'Items in the candidate index', () => engine.stats().indexSize, 'max');
  gauge(
    'reco_index_recall_at_100',
    'Index recall@100 against exact search, measured at build',
    () => engine.stats().indexRecall,
    'min',
  );
  gauge('reco_tf_tensors', 'Live TensorFlow.js tensors', () => tf.memory().numTensors);
  gauge('reco_tf_bytes', 'Bytes held by live TensorFlow.js tensors', () => tf.memory().numBytes);
  gauge('reco_user_cache_hits', 'User-state cache hits since start', () => engine.stats().cacheHits);
  gauge('reco_user_cache_misses', 'User-state cache misses since start', () => engine.stats().cacheMisses);
  gauge('reco_user_cache_users', 'Users in the state cache', () => engine.stats().cachedUsers);
}

/**
 * Retraining as Prometheus sees it: runs per outcome since start and whether the last one was
 * refused (with its reason), so an alert can fire on a retrain that would have shrunk the model.
 */
export function registerRetrainMetrics(registry: Registry, retrain: RetrainControl): void {
  new Gauge({
    name: 'reco_retrain_runs',
    help: 'Retraining runs since start, by outcome (served, refused, failed, unchanged)',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      for (const [status, n] of Object.entries(retrain.status().outcomes)) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'reco_retrain_last_refused',
    help: 'The last retraining was refused (1, with its reason) or not (0)',
    labelNames: ['code'],
    aggregator: 'max',
    registers: [registry],
    collect() {
      this.reset();
      const last = retrain.status().last;
      if (last?.status === 'refused') this.set({ code: last.code ?? 'RETRAIN_REFUSED' }, 1);
      else this.set({ code: '' }, 0);
    },
  });
  new Gauge({
    name: 'reco_retrain_running',
    help: 'A retraining is running (1) or not (0)',
    registers: [registry],
    collect() {
      this.set(retrain.status().running ? 1 : 0);
    },
  });
}
