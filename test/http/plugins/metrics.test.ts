import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import {
  type ClusterMetrics,
  registerMetrics,
  registerRetrainMetrics,
} from '../../../src/http/plugins/metrics.ts';
import type { RetrainControl } from '../../../src/http/routes/admin.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import type { EngineStats } from '../../../src/serving/engine.ts';
import { FakeEngine } from '../../helpers/fake-engine.ts';

before(async () => {
  await initTf('wasm');
});

class StatsEngine extends FakeEngine {
  extra: Partial<EngineStats> = {};
  override stats(): EngineStats {
    return { ...super.stats(), ...this.extra };
  }
}

async function app(
  t: import('node:test').TestContext,
  access: 'open' | 'key' = 'open',
  cluster?: ClusterMetrics,
) {
  const engine = new StatsEngine();
  const registry = new Registry();
  const a = Fastify();
  const configs: Record<string, unknown> = {};
  a.addHook('onRoute', (r) => {
    configs[`${r.method} ${r.url}`] = r.config;
  });
  const metrics = registerMetrics(a, engine, registry, access, cluster);
  a.get('/x/:id', async () => 'ok');
  await a.ready();
  t.after(() => a.close());
  const scrape = async () => (await a.inject({ url: '/metrics' })).body;
  return { a, engine, registry, metrics, configs, scrape };
}

test('request latency per method, route template and status; unmatched routes and /metrics apart', async (t) => {
  const { a, scrape } = await app(t);
  await a.inject({ url: '/x/1' });
  await a.inject({ url: '/x/2' });
  await a.inject({ url: '/nope' });
  await scrape();
  const text = await scrape();
  assert.match(
    text,
    /reco_http_request_duration_seconds_count\{method="GET",route="\/x\/:id",status_code="200"\} 2/,
  );
  assert.match(
    text,
    /reco_http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/,
  );
  assert.doesNotMatch(text, /route="\/metrics"/, 'scrapes are not timed');
});

test('/metrics answers in the Prometheus text format, open or behind a client key', async (t) => {
  const open = await app(t);
  const res = await open.a.inject({ url: '/metrics' });
  assert.equal(res.headers['content-type'], open.registry.contentType);
  assert.match(res.body, /^# HELP /m);
  assert.match(res.body, /reco_process_/, 'default process metrics under the reco_process_ prefix');
  assert.deepEqual(open.configs['GET /metrics'], { access: 'open' });
  const keyed = await app(t, 'key');
  assert.deepEqual(keyed.configs['GET /metrics'], { access: 'client' });
});

test('events in: received by type (duplicates included), stored, duplicates', async (t) => {
  const { metrics, scrape } = await app(t);
  const ev = (type: 'watch' | 'like') => ({ userId: 'u', itemId: 'i', type, timestamp: 0 });
  metrics.eventsIngested([ev('watch'), ev('watch'), ev('like')], 2, 1);
  const text = await scrape();
  assert.match(text, /reco_events_received_total\{type="watch"\} 2/);
  assert.match(text, /reco_events_received_total\{type="like"\} 1/);
  assert.match(text, /reco_events_stored_total 2/);
  assert.match(text, /reco_events_duplicate_total 1/);
});

test('stage timings are observed in seconds, each stage but the total', async (t) => {
  const { metrics, scrape } = await app(t);
  metrics.stageTimings({ state: 1, query: 2, candidates: 4, ranking: 8, rules: 16, total: 31 });
  const text = await scrape();
  for (const [stage, ms] of [
    ['state', 1],
    ['query', 2],
    ['candidates', 4],
    ['ranking', 8],
    ['rules', 16],
  ] as const) {
    assert.match(text, new RegExp(`reco_stage_duration_seconds_sum\\{stage="${stage}"\\} ${ms / 1000}\\n`));
    assert.match(text, new RegExp(`reco_stage_duration_seconds_count\\{stage="${stage}"\\} 1\\n`));
  }
  assert.doesNotMatch(text, /stage="total"/);
});

test('source timings are observed per candidate source, apart from the stages', async (t) => {
  const { metrics, scrape } = await app(t);
  metrics.stageTimings({
    state: 1,
    query: 1,
    candidates: 5,
    ranking: 1,
    rules: 1,
    total: 9,
    sources: { ann: 3, fresh: 2 },
  });
  const text = await scrape();
  assert.match(text, /reco_source_duration_seconds_sum\{source="ann"\} 0\.003\n/);
  assert.match(text, /reco_source_duration_seconds_count\{source="fresh"\} 1\n/);
  assert.doesNotMatch(text, /stage="sources"/);
});

test('engine gauges are read at scrape time', async (t) => {
  const { engine, scrape } = await app(t);
  engine.extra = { indexSize: 1234, indexRecall: 0.995, cacheHits: 7, cacheMisses: 3, cachedUsers: 5 };
  engine.extra.modelCreatedAt = Date.now() - 3_600_000;
  let text = await scrape();
  assert.match(text, /reco_model_info\{version="fake-1"\} 1/);
  assert.match(text, /reco_ready 1/);
  assert.match(text, /reco_index_items 1234/);
  assert.match(text, /reco_index_recall_at_100 0\.995/);
  assert.match(text, /reco_user_cache_hits 7/);
  assert.match(text, /reco_user_cache_misses 3/);
  assert.match(text, /reco_user_cache_users 5/);
  const age = Number(/^reco_model_age_seconds (\S+)$/m.exec(text)?.[1]);
  assert.ok(age >= 3600 && age < 3600 + 600, `age ${age}`);
  engine.ready = false;
  text = await scrape();
  assert.match(text, /reco_ready 0/);
  assert.doesNotMatch(text, /reco_model_info\{/, 'no version, no info series');
});

test('tensor gauges follow tf.memory()', async (t) => {
  const { scrape } = await app(t);
  const x = tf.zeros([10, 10]);
  try {
    const text = await scrape();
    assert.match(text, new RegExp(`reco_tf_tensors ${tf.memory().numTensors}\\n`));
    assert.match(text, new RegExp(`reco_tf_bytes ${tf.memory().numBytes}\\n`));
    assert.ok(tf.memory().numBytes >= 400);
  } finally {
    x.dispose();
  }
});

test('in a cluster the registry is shared and /metrics answers the sum the cluster collects', async (t) => {
  const shared: Registry[] = [];
  const cluster: ClusterMetrics = {
    share: (r) => shared.push(r),
    collect: async () => 'reco_cluster_total 42\n',
  };
  const { registry, scrape } = await app(t, 'open', cluster);
  assert.deepEqual(shared, [registry]);
  assert.equal(await scrape(), 'reco_cluster_total 42\n');
});

test('retrain gauges: runs per outcome, the last refusal and its code, running', async () => {
  const registry = new Registry();
  let status: ReturnType<RetrainControl['status']> = {
    running: true,
    outcomes: { served: 2, refused: 1, failed: 0, unchanged: 3 },
    last: { status: 'refused', at: 'x', code: 'USERS_SHRANK' },
  };
  registerRetrainMetrics(registry, {
    start: () => 'started',
    run: async () => undefined,
    status: () => status,
  });
  let text = await registry.metrics();
  assert.match(text, /reco_retrain_runs\{status="served"\} 2/);
  assert.match(text, /reco_retrain_runs\{status="unchanged"\} 3/);
  assert.match(text, /reco_retrain_last_refused\{code="USERS_SHRANK"\} 1/);
  assert.match(text, /reco_retrain_running 1/);
  status = { ...status, running: false, last: { status: 'refused', at: 'x' } };
  text = await registry.metrics();
  assert.match(text, /reco_retrain_last_refused\{code="RETRAIN_REFUSED"\} 1/);
  assert.doesNotMatch(text, /USERS_SHRANK/, 'the old code is gone');
  assert.match(text, /reco_retrain_running 0/);
  status = { ...status, last: { status: 'served', at: 'y' } };
  text = await registry.metrics();
  assert.match(text, /reco_retrain_last_refused\{code=""\} 0/);
});
