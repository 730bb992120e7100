import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadBundle } from '../../src/bundle/read.ts';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import type { EventStore } from '../../src/events/store.ts';
import { buildApp } from '../../src/http/app.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../../src/serving/recommender.ts';
import { trainTinyBundle } from '../helpers/tiny-bundle.ts';

// Two-tower cold start: an item posted after training is embedded by the item tower and can be
// recommended at once, keeps being served after a reload, and needs no retraining.
const root = mkdtempSync(join(tmpdir(), 'reco-cold-'));
let bundleDir = '';
let store: EventStore;
let engine: Recommender;
let app: FastifyInstance;
let topic = '';

before(async () => {
  const r = await trainTinyBundle(root, { source: 'cold-start' });
  bundleDir = r.dir;
  store = createMemoryStore();
  engine = new Recommender({ ...DEFAULT_RECOMMENDER, store });
  await engine.install(await loadBundle(bundleDir, { minIndexRecall: 0 }));
  app = await buildApp({ engine, store, logger: false });
  await app.ready();
  topic = engine.current()!.items.find((it) => it)!.topic;
});

after(async () => {
  await app?.close();
  rmSync(root, { recursive: true, force: true });
});

const fresh = (itemId: string) => ({
  itemId,
  topic,
  tags: ['new'],
  durationSec: 600,
  publishedAt: Date.now() - 3_600_000,
});

test('the bundle was trained with an item tower (the default: id + tower)', () => {
  assert.equal(engine.current()!.retrieval.representation, 'both');
});

test('POST /items: a new item is stored, embedded and recommendable at once', async () => {
  const res = await app.inject({
    method: 'POST',
    url: '/items',
    payload: [fresh('brand-new-1'), fresh('brand-new-2')],
  });
  assert.equal(res.statusCode, 202, res.body);
  assert.deepEqual(res.json(), { stored: 2, servable: 2 });
  assert.equal((await store.items()).length, 2, 'durable before the 202');
  // Its neighbours come from the index, which now holds it.
  const similar = await app.inject({ url: '/items/brand-new-1/similar?k=5' });
  assert.equal(similar.statusCode, 200, similar.body);
  assert.equal(similar.json().items.length, 5);
  // Reachable through retrieval: for a user, among the candidates of its topic.
  const user = [...engine.current()!.users.keys()][0];
  const recs = await app.inject({
    url: `/recommendations/${user}?k=100&topics=${encodeURIComponent(topic)}`,
  });
  assert.equal(recs.statusCode, 200, recs.body);
  const ids = recs.json().items.map((i: { itemId: string }) => i.itemId);
  assert.ok(ids.includes('brand-new-1') || ids.includes('brand-new-2'), 'a new item is served');
  // Watching it works (its index is past the trained history table: it reads the OOV row).
  const watch = await app.inject({
    method: 'POST',
    url: '/events',
    payload: { userId: user, itemId: 'brand-new-1', type: 'watch', watchTime: 300 },
  });
  assert.equal(watch.statusCode, 202);
  const again = await app.inject({
    url: `/recommendations/${user}?k=100&topics=${encodeURIComponent(topic)}`,
  });
  assert.ok(
    !again.json().items.some((i: { itemId: string }) => i.itemId === 'brand-new-1'),
    'watched: removed',
  );
});

test('posting a known item again embeds nothing new; a reload keeps the stored items served', async () => {
  const res = await app.inject({ method: 'POST', url: '/items', payload: fresh('brand-new-1') });
  assert.deepEqual(res.json(), { stored: 1, servable: 0 });
  await engine.install(await loadBundle(bundleDir, { minIndexRecall: 0 }));
  const similar = await app.inject({ url: '/items/brand-new-2/similar?k=3' });
  assert.equal(similar.statusCode, 200, similar.body);
});

test('bad items are refused whole with a 400 and nothing stored', async () => {
  const before = (await store.items()).length;
  for (const payload of [
    [fresh('ok-1'), { ...fresh('bad'), durationSec: -1 }],
    { ...fresh('x'), extra: 1 },
    { ...fresh('y'), publishedAt: 'yesterday' },
    [],
  ]) {
    const res = await app.inject({ method: 'POST', url: '/items', payload });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.code, 'VALIDATION_ERROR');
  }
  assert.equal((await store.items()).length, before);
});
