import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { FastifyInstance } from 'fastify';
import { pointCurrent } from '../../src/bundle/write.ts';
import { generateWorld } from '../../src/data/demo/world.ts';
import { readDataset, writeDataset } from '../../src/data/loaders/jsonl.ts';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import { buildApp } from '../../src/http/app.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { ModelLoader } from '../../src/serving/model-loader.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../../src/serving/recommender.ts';
import { DEFAULT_PIPELINE_CONFIG, runPipeline } from '../../src/training/pipeline.ts';
import { createProgress } from '../../src/training/progress.ts';

// Hot reload: a new bundle is loaded beside the old, swapped in, the old one's tensors freed;
// a bad bundle is refused and the old one keeps serving.
const root = mkdtempSync(join(tmpdir(), 'reco-lifecycle-'));
const models = join(root, 'models');
const silent = { info() {}, error() {} };
let app: FastifyInstance;
let engine: Recommender;
let loader: ModelLoader;
const versions: string[] = [];

before(async () => {
  await initTf('wasm');
  await writeDataset(join(root, 'data'), generateWorld({ seed: 4, scale: 0.05 }));
  const data = await readDataset(join(root, 'data'));
  for (const seed of [1, 2]) {
    const config = {
      ...DEFAULT_PIPELINE_CONFIG,
      retrieval: { ...DEFAULT_PIPELINE_CONFIG.retrieval, epochs: 1, dim: 8, hidden: [16], seed },
      ranker: { ...DEFAULT_PIPELINE_CONFIG.ranker, epochs: 1, hidden: [8], seed },
      recallQueries: 20,
    };
    const r = await runPipeline({ ...data, source: 'lifecycle' }, models, config, createProgress(false));
    versions.push(r.manifest.version);
  }
  await pointCurrent(models, versions[0]);
  engine = new Recommender({ ...DEFAULT_RECOMMENDER, store: createMemoryStore() });
  loader = new ModelLoader(engine, models, { minIndexRecall: 0.9 }, silent);
  app = await buildApp({ engine, store: createMemoryStore(), logger: false, reload: () => loader.reload() });
  await app.ready();
});

after(async () => {
  await app?.close();
  rmSync(root, { recursive: true, force: true });
});

test('first load, then a reload with nothing new is a no-op', async () => {
  const first = await app.inject({ method: 'POST', url: '/admin/reload' });
  assert.equal(first.statusCode, 200);
  assert.deepEqual(first.json(), { changed: true, modelVersion: versions[0] });
  const again = (await app.inject({ method: 'POST', url: '/admin/reload' })).json();
  assert.equal(again.changed, false);
});

test('a new current is swapped in and the old tensors are freed', async () => {
  await app.inject({ url: '/recommendations/u1' });
  const tensors = tf.memory().numTensors;
  await pointCurrent(models, versions[1]);
  const res = (await app.inject({ method: 'POST', url: '/admin/reload' })).json();
  assert.deepEqual(res, { changed: true, modelVersion: versions[1], previousVersion: versions[0] });
  const rec = (await app.inject({ url: '/recommendations/u1' })).json();
  assert.equal(rec.modelVersion, versions[1]);
  assert.equal(tf.memory().numTensors, tensors, 'old bundle disposed: same tensor count as before');
});

test('requests interleaved with reloads all succeed', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    await pointCurrent(models, versions[i % 2]);
    const [a, b, c] = await Promise.all([
      app.inject({ url: `/recommendations/u${i}` }),
      app.inject({ method: 'POST', url: '/admin/reload' }),
      app.inject({ url: `/recommendations/u${i + 1}` }),
    ]);
    statuses.push(a.statusCode, b.statusCode, c.statusCode);
  }
  assert.ok(
    statuses.every((s) => s === 200),
    statuses.join(','),
  );
});

test('a bundle with low index recall is refused with 422 and the old one keeps serving', async () => {
  await pointCurrent(models, versions[1]);
  await app.inject({ method: 'POST', url: '/admin/reload' });
  const bad = join(models, 'bad');
  cpSync(join(models, versions[0]), bad, { recursive: true });
  const manifestPath = join(bad, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.metrics.index.recallAt100 = 0.5;
  writeFileSync(manifestPath, JSON.stringify(manifest));
  await pointCurrent(models, 'bad');
  const res = await app.inject({ method: 'POST', url: '/admin/reload' });
  assert.equal(res.statusCode, 422);
  assert.equal(res.json().error.code, 'BUNDLE_INVALID');
  assert.match(res.json().error.message, /recall@100 0\.5000 is below the floor 0\.9/);
  assert.equal((await app.inject({ url: '/recommendations/u1' })).json().modelVersion, versions[1]);
  assert.equal((await app.inject({ url: '/readyz' })).statusCode, 200);
  // a manifest from another format version is refused too
  manifest.metrics.index.recallAt100 = 1;
  manifest.formatVersion = 99;
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const res2 = await app.inject({ method: 'POST', url: '/admin/reload' });
  assert.equal(res2.statusCode, 422);
  assert.match(res2.json().error.message, /expected formatVersion \d+, got 99/);
});

test('/metrics exposes request, stage, model and tensor metrics', async () => {
  await app.inject({ url: '/recommendations/u2' });
  const res = await app.inject({ url: '/metrics' });
  assert.equal(res.statusCode, 200);
  for (const name of [
    'reco_http_request_duration_seconds_bucket{',
    'reco_stage_duration_seconds_bucket{le="0.001",stage="ranking"}',
    `reco_model_info{version="${versions[1]}"} 1`,
    'reco_model_age_seconds',
    'reco_index_items',
    'reco_index_recall_at_100',
    'reco_tf_tensors',
    'reco_user_cache_hits',
  ]) {
    assert.ok(res.body.includes(name), `missing ${name}`);
  }
});
