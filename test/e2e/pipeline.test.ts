import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { FastifyInstance } from 'fastify';
import { loadBundle } from '../../src/bundle/read.ts';
import { generateWorld } from '../../src/data/demo/world.ts';
import { readDataset, writeDataset } from '../../src/data/loaders/jsonl.ts';
import { openSqliteStore } from '../../src/events/sqlite-store.ts';
import { buildApp } from '../../src/http/app.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../../src/serving/recommender.ts';
import { DEFAULT_PIPELINE_CONFIG, runPipeline } from '../../src/training/pipeline.ts';
import { createProgress } from '../../src/training/progress.ts';

// generate a tiny world -> train -> load the bundle -> serve through app.inject -> post events
const root = mkdtempSync(join(tmpdir(), 'reco-e2e-'));
let app: FastifyInstance;
let engine: Recommender;
let bundleDir: string;

before(async () => {
  await initTf('wasm');
  await writeDataset(join(root, 'data'), generateWorld({ seed: 3, scale: 0.1 }));
  const data = await readDataset(join(root, 'data'));
  const config = {
    ...DEFAULT_PIPELINE_CONFIG,
    retrieval: { ...DEFAULT_PIPELINE_CONFIG.retrieval, epochs: 2, dim: 16, hidden: [32] },
    ranker: { ...DEFAULT_PIPELINE_CONFIG.ranker, epochs: 1, hidden: [16] },
    recallQueries: 50,
  };
  const result = await runPipeline(
    { ...data, source: 'e2e' },
    join(root, 'models'),
    config,
    createProgress(false),
  );
  bundleDir = result.dir;
  const store = openSqliteStore(join(root, 'events.sqlite'));
  engine = new Recommender({ ...DEFAULT_RECOMMENDER, store });
  app = await buildApp({ engine, store, logger: false });
  await app.ready();
});

after(async () => {
  await app?.close();
  rmSync(root, { recursive: true, force: true });
});

async function recs(userId: string, k = 10): Promise<string[]> {
  const res = await app.inject({ method: 'GET', url: `/recommendations/${userId}?k=${k}` });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.userId, userId);
  return body.items.map((i: { itemId: string }) => i.itemId);
}

test('the bundle is self-describing and models/current points at it', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'models', 'current', 'manifest.json'), 'utf8'));
  assert.equal(manifest.formatVersion, 1);
  assert.equal(manifest.kinds.index, 'hnsw');
  assert.ok(manifest.metrics.index.recallAt100 > 0.98);
  assert.ok(manifest.metrics.retrieval.recall['100'] > 0);
  assert.match(manifest.data.fingerprint, /^[0-9a-f]{16}$/);
});

test('not ready before a bundle is loaded; ready after', async () => {
  assert.equal((await app.inject({ url: '/readyz' })).statusCode, 503);
  assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
  engine.setBundle(await loadBundle(join(root, 'models'), { minIndexRecall: 0.98 }));
  assert.equal((await app.inject({ url: '/readyz' })).statusCode, 200);
});

test('a known user gets k items, ranked, none already watched', async () => {
  const data = await readDataset(join(root, 'data'));
  const user = data.users[0].userId;
  const watched = new Set(
    data.events.filter((e) => e.userId === user && e.type === 'watch').map((e) => e.itemId),
  );
  const res = await app.inject({ url: `/recommendations/${user}?k=10` });
  const body = res.json();
  assert.equal(body.items.length, 10);
  assert.deepEqual(
    body.items.map((i: { rank: number }) => i.rank),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  assert.equal(body.modelVersion, JSON.parse(readFileSync(join(bundleDir, 'manifest.json'), 'utf8')).version);
  for (const i of body.items) assert.ok(!watched.has(i.itemId), `${i.itemId} was already watched`);
});

test('an unknown user gets a cold-start list, not an error', async () => {
  const items = await recs('someone-new', 5);
  assert.equal(items.length, 5);
});

test('a watch leaves the list and a dislike never comes back', async () => {
  const user = 'e2e-user';
  const first = await recs(user, 10);
  const res = await app.inject({
    method: 'POST',
    url: '/events',
    payload: [
      { userId: user, itemId: first[0], type: 'watch', watchTime: 30 },
      { userId: user, itemId: first[1], type: 'dislike' },
    ],
  });
  assert.equal(res.statusCode, 202, res.body);
  const next = await recs(user, 50);
  assert.ok(!next.includes(first[0]), 'watched item left the list');
  assert.ok(!next.includes(first[1]), 'disliked item left the list');
  assert.notDeepEqual(next.slice(0, 10), first, 'the history the tower reads changed');
});

test('serving does not leak tensors', async () => {
  await recs('warm', 10);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 200; i++) await recs(`leak-${i % 7}`, 10);
  assert.equal(tf.memory().numTensors, before);
});
