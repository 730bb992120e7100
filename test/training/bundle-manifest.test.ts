import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FORMAT_VERSION, validateManifest } from '../../src/bundle/manifest.ts';
import { DEFAULT_RULES } from '../../src/bundle/rules-config.ts';
import { DEFAULT_SOURCES } from '../../src/bundle/sources-config.ts';
import { rankerWidth } from '../../src/features/ranking.ts';
import { createFeatureSpec, queryDenseWidth } from '../../src/features/spec.ts';
import type { IndexChoice } from '../../src/index/choose.ts';
import { buildManifest, type ManifestParts } from '../../src/training/bundle-manifest.ts';
import type { RankingStage } from '../../src/training/ranking-stage.ts';
import type { RetrievalResult } from '../../src/training/train-retrieval.ts';

const item = (itemId: string, topic: string) => ({
  itemId,
  topic,
  tags: [],
  durationSec: 60,
  publishedAt: 0,
});
const spec = createFeatureSpec(
  [item('a', 'x'), item('b', 'y'), item('c', 'x')],
  [{ userId: 'u', country: 'FR', device: 'tv' }],
  6,
);
const recall = { 10: 0.4, 100: 0.9 };
const retrieval = {
  model: { config: { dim: 8 } },
  validation: { recall, ndcg10: 0.3, mrr: 0.2, users: 12 },
  curve: [{ epoch: 1, loss: 2, ms: 5 }],
  itemFeatureTime: 1_700_000_000_000,
} as unknown as RetrievalResult;
const hnsw = { m: 16, efConstruction: 200, efSearch: 800 };
const choice = {
  kind: 'exact',
  hnsw,
  recallAt100: 1,
  hnswRecallAt100: 0.995,
  latencyMs: { exact: 0.1, hnsw: 0.2 },
  reason: 'exact search is as fast',
} as unknown as IndexChoice;
const validation = { auc: 0.8, weightedAuc: 0.85, examples: 40, watchTimeTop10: 100, ndcg10WatchTime: 0.7 };
const withRanker = {
  ranker: { validation, curve: [{ epoch: 1, loss: 0.6, ms: 3 }] },
  blend: { beta: 0.5, ndcg10: { '0': 0.3, '0.5': 0.35 } },
  reason: '10 impressions to learn from',
  blendMs: 1,
} as unknown as RankingStage;
const noRanker: RankingStage = { blend: { beta: 0, ndcg10: {} }, reason: 'never', blendMs: 0 };

const parts = (ranking: RankingStage): ManifestParts => ({
  version: '20260101-000000000-abcdef12',
  spec,
  config: { historyLength: 6, recallQueries: 20, hnsw: { m: 4 } },
  retrieval,
  choice,
  recallQueries: 20,
  ranking,
  data: { source: 'test', fingerprint: 'f'.repeat(16), items: 3, users: 1, events: 9 },
  timings: { totalMs: 12 },
  files: { vocab: 'vocab.json' },
});

test('a bundle with a ranker: kinds, dimensions from the spec and the model, and the loader accepts it', () => {
  const m = buildManifest(parts(withRanker));
  assert.equal(m.formatVersion, FORMAT_VERSION);
  assert.deepEqual(m.kinds, { retrieval: 'softmax-dnn', ranker: 'weighted-logistic-dnn', index: 'exact' });
  assert.deepEqual(m.dims, {
    numItems: 4,
    dim: 8,
    denseWidth: queryDenseWidth(spec),
    historyLength: 6,
    rankerWidth: rankerWidth(spec, 8),
  });
  assert.doesNotThrow(() => validateManifest(JSON.parse(JSON.stringify(m)), 'test'));
  assert.ok(!Number.isNaN(Date.parse(m.createdAt)));
  assert.equal(m.version, '20260101-000000000-abcdef12');
});

test('config: the pipeline’s, with the chosen index parameters, the item-feature time, default rules and β', () => {
  const m = buildManifest(parts(withRanker));
  assert.equal(m.config.historyLength, 6);
  assert.deepEqual(m.config.hnsw, hnsw, 'the widened efSearch replaces the configured parameters');
  assert.equal(m.config.itemFeatureTime, 1_700_000_000_000);
  assert.deepEqual(m.config.rules, DEFAULT_RULES);
  assert.deepEqual(m.config.sources, DEFAULT_SOURCES, 'serving reads the quotas training wrote');
  assert.deepEqual(m.config.blend, { beta: 0.5 });
});

test('metrics: retrieval’s (copied), the ranker’s with the blend’s NDCG by β, and the index’s choice', () => {
  const m = buildManifest(parts(withRanker));
  assert.deepEqual(m.metrics.retrieval, { recall, ndcg10: 0.3, mrr: 0.2, users: 12 });
  assert.notEqual(m.metrics.retrieval.recall, recall, 'a copy: the manifest does not alias the result');
  assert.deepEqual(m.metrics.ranker, { ...validation, blendNdcg10: { '0': 0.3, '0.5': 0.35 } });
  assert.deepEqual(m.metrics.index, {
    recallAt100: 1,
    queries: 20,
    m: 16,
    efConstruction: 200,
    efSearch: 800,
    hnswRecallAt100: 0.995,
    latencyMs: { exact: 0.1, hnsw: 0.2 },
    reason: 'exact search is as fast',
  });
  assert.deepEqual(m.curves, { retrieval: retrieval.curve, ranker: [{ epoch: 1, loss: 0.6, ms: 3 }] });
  assert.deepEqual(m.timings, { totalMs: 12 });
  assert.deepEqual(m.files, { vocab: 'vocab.json' });
  assert.equal(m.data.fingerprint, 'f'.repeat(16));
});

test('without a ranker: kind none, no ranker metrics, an empty ranker curve, β 0', () => {
  const m = buildManifest(parts(noRanker));
  assert.equal(m.kinds.ranker, 'none');
  assert.ok(!('ranker' in m.metrics));
  assert.deepEqual(m.curves.ranker, []);
  assert.deepEqual(m.config.blend, { beta: 0 });
  assert.equal(m.dims.rankerWidth, rankerWidth(spec, 8), 'the width is still recorded');
  assert.doesNotThrow(() => validateManifest(JSON.parse(JSON.stringify(m)), 'test'));
});

test('the index kind is the choice’s', () => {
  const m = buildManifest({ ...parts(noRanker), choice: { ...choice, kind: 'hnsw' } });
  assert.equal(m.kinds.index, 'hnsw');
});
