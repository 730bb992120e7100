import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { FastifyInstance } from 'fastify';
import { FORMAT_VERSION } from '../../src/bundle/manifest.ts';
import { loadBundle } from '../../src/bundle/read.ts';
import { readDataset } from '../../src/data/loaders/jsonl.ts';
import { openSqliteStore } from '../../src/events/sqlite-store.ts';
import { buildApp } from '../../src/http/app.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../../src/serving/recommender.ts';
import { trainTinyBundle } from '../helpers/tiny-bundle.ts';

// generate a tiny world -> train -> load the bundle -> serve through app.inject -> post events
const root = mkdtempSync(join(tmpdir(), 'reco-e2e-'));
let app: FastifyInstance;
let engine: Recommender;
let bundleDir: string;

before(async () => {
  bundleDir = (await trainTinyBundle(root, { source: 'e2e' })).dir;
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
  assert.equal(manifest.formatVersion, FORMAT_VERSION);
  // The index kind is whichever was faster at the serving depth, at the recall target.
  const idx = manifest.metrics.index;
  assert.ok(['hnsw', 'exact'].includes(manifest.kinds.index));
  assert.ok(idx.recallAt100 > 0.98 && idx.hnswRecallAt100 >= 0);
  assert.ok(idx.latencyMs.exact > 0 && idx.latencyMs.hnsw > 0, idx.reason);
  assert.equal(manifest.files.index !== undefined, manifest.kinds.index === 'hnsw');
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
    [...data.events].filter((e) => e.userId === user && e.type === 'watch').map((e) => e.itemId),
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

test('a disliked item stays out after a model reload', async () => {
  const user = 'e2e-reload';
  const first = await recs(user, 5);
  await app.inject({
    method: 'POST',
    url: '/events',
    payload: { userId: user, itemId: first[0], type: 'dislike' },
  });
  engine.setBundle(await loadBundle(join(root, 'models'), { minIndexRecall: 0.98 }));
  assert.ok(!(await recs(user, 100)).includes(first[0]));
});

test('explain=true traces retrieval, ranker and rules, and lists removed candidates', async () => {
  const data = await readDataset(join(root, 'data'));
  const user = data.users[1].userId;
  const res = await app.inject({ url: `/recommendations/${user}?k=5&explain=true` });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  for (const item of body.items) {
    assert.ok(item.explain.retrievalRank >= 1 && typeof item.explain.retrievalScore === 'number');
    assert.ok(item.explain.rankerScore > 0);
    assert.ok(Array.isArray(item.explain.rules));
  }
  const watched = [...data.events]
    .filter((e) => e.userId === user && e.type === 'watch')
    .map((e) => e.itemId);
  const removedBySeen = body.removed
    .filter((r: { rule: string }) => r.rule === 'seen')
    .map((r: { itemId: string }) => r.itemId);
  assert.ok(removedBySeen.every((id: string) => watched.includes(id)));
  const plain = (await app.inject({ url: `/recommendations/${user}?k=5` })).json();
  assert.deepEqual(
    plain.items.map((i: { itemId: string }) => i.itemId),
    body.items.map((i: { itemId: string }) => i.itemId),
    'explain does not change the list',
  );
});

test('request filters: topics, excludeTopics, maxAgeDays', async () => {
  const data = await readDataset(join(root, 'data'));
  const topicOf = new Map(data.items.map((i) => [i.itemId, i.topic]));
  const topics = [...new Set(data.items.map((i) => i.topic))];
  const only = (await app.inject({ url: `/recommendations/u3?k=10&topics=${topics[0]}` })).json();
  assert.ok(only.items.length > 0);
  assert.ok(only.items.every((i: { itemId: string }) => topicOf.get(i.itemId) === topics[0]));
  const excl = (
    await app.inject({ url: `/recommendations/u3?k=10&excludeTopics=${topics[0]},${topics[1]}` })
  ).json();
  assert.ok(
    excl.items.every((i: { itemId: string }) => ![topics[0], topics[1]].includes(topicOf.get(i.itemId)!)),
  );
  const fresh = (await app.inject({ url: '/recommendations/u3?k=10&maxAgeDays=1000000' })).json();
  assert.equal(fresh.items.length, 10);
  const none = (await app.inject({ url: '/recommendations/u3?k=10&maxAgeDays=0' })).json();
  assert.equal(none.items.length, 0, 'every demo item is older than 0 days');
});

test('similar items: nearest in embedding space, excluding the item and the user history', async () => {
  const data = await readDataset(join(root, 'data'));
  const item = data.items[0].itemId;
  const res = await app.inject({ url: `/items/${item}/similar?k=5` });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.items.length, 5);
  assert.ok(!body.items.some((i: { itemId: string }) => i.itemId === item));
  const scores = body.items.map((i: { score: number }) => i.score);
  assert.deepEqual(
    scores,
    [...scores].sort((a, b) => b - a),
  );
  const user = 'e2e-similar';
  await app.inject({
    method: 'POST',
    url: '/events',
    payload: { userId: user, itemId: body.items[0].itemId, type: 'watch' },
  });
  const forUser = (await app.inject({ url: `/items/${item}/similar?k=5&userId=${user}` })).json();
  assert.ok(!forUser.items.some((i: { itemId: string }) => i.itemId === body.items[0].itemId));
  const missing = await app.inject({ url: '/items/no-such-item/similar' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'ITEM_NOT_FOUND');
});

test('per-request rule overrides change the list as asked', async () => {
  const data = await readDataset(join(root, 'data'));
  const topicOf = new Map(data.items.map((i) => [i.itemId, i.topic]));
  const capped = (await app.inject({ url: '/recommendations/u5?k=10&maxPerTopic=1' })).json();
  const topics = capped.items.map((i: { itemId: string }) => topicOf.get(i.itemId));
  // cap 1 per topic: the head of the list has no topic twice (the cap only moves items back)
  const distinct = new Set(topics).size;
  assert.ok(distinct >= 3, `only ${distinct} topics`);
  assert.ok(topics.slice(0, distinct).every((t: string, i: number, a: string[]) => a.indexOf(t) === i));
  const uncapped = (
    await app.inject({ url: '/recommendations/u5?k=10&maxPerTopic=0&diversityLambda=1' })
  ).json();
  assert.equal(uncapped.items.length, 10);
  const bad = await app.inject({ url: '/recommendations/u5?diversityLambda=2' });
  assert.equal(bad.statusCode, 400);
});
