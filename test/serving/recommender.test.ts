import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadBundle } from '../../src/bundle/read.ts';
import type { Item } from '../../src/data/types.ts';
import { isRecoError } from '../../src/errors.ts';
import { createMemoryStore } from '../../src/events/memory-store.ts';
import type { EventStore } from '../../src/events/store.ts';
import { tf } from '../../src/runtime/tf.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../../src/serving/recommender.ts';
import { embedQuery } from '../../src/serving/stages/candidates.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { trainTinyBundle } from '../helpers/tiny-bundle.ts';

const root = tempDir('reco-recommender-');
let bundleDir: string;
const open: Recommender[] = [];
/** One served bundle for the tests that only read (each load costs about a second). */
let shared: Awaited<ReturnType<typeof serving>>;

before(async () => {
  bundleDir = (await trainTinyBundle(root)).dir;
  shared = await serving();
});
after(async () => {
  for (const r of open) await r.close();
});

async function serving(store: EventStore = createMemoryStore()) {
  const r = new Recommender({ ...DEFAULT_RECOMMENDER, store });
  open.push(r);
  const b = await loadBundle(bundleDir, { minIndexRecall: 0 });
  await r.install(b);
  return { r, b, store };
}

/** A user of the bundle with a watch history. */
function knownUser(b: Awaited<ReturnType<typeof serving>>['b']) {
  const u = [...b.users.values()].find((x) => x.watched.length >= 3);
  assert.ok(u, 'the tiny world has users with histories');
  return u;
}

const notReady = (e: unknown) => isRecoError(e) && e.code === 'MODEL_NOT_READY' && e.statusCode === 503;

test('before a bundle is installed: not ready, and requests answer MODEL_NOT_READY', async () => {
  const r = new Recommender({ ...DEFAULT_RECOMMENDER, store: createMemoryStore() });
  assert.equal(r.isReady(), false);
  assert.equal(r.modelVersion(), undefined);
  assert.equal(r.current(), undefined);
  assert.equal(r.addItems([]), 0);
  assert.equal(await r.syncItems(), 0);
  await assert.rejects(r.recommend({ userId: 'u', k: 5 }), notReady);
  await assert.rejects(r.similar({ itemId: 'x', k: 5 }), notReady);
  const s = r.stats();
  assert.equal(s.modelVersion, undefined);
  assert.equal(s.cacheHits, 0);
  assert.equal(s.sharedState, 'local');
  await r.close();
});

test('installed: ready, with the bundle’s version and index in the stats', async () => {
  const { r, b } = shared;
  assert.equal(r.isReady(), true);
  assert.equal(r.modelVersion(), b.manifest.version);
  assert.equal(r.current(), b);
  const s = r.stats();
  assert.equal(s.modelVersion, b.manifest.version);
  assert.equal(s.modelCreatedAt, Date.parse(b.manifest.createdAt));
  assert.equal(s.indexSize, b.index.size);
});

test('k distinct catalogue items, ranked 1..k, best score first, never an already watched one', async () => {
  const { r, b } = shared;
  const u = knownUser(b);
  const rec = await r.recommend({ userId: u.userId, k: 10 });
  assert.equal(rec.userId, u.userId);
  assert.equal(rec.modelVersion, b.manifest.version);
  assert.equal(rec.items.length, 10);
  assert.deepEqual(
    rec.items.map((i) => i.rank),
    Array.from({ length: 10 }, (_, i) => i + 1),
  );
  const ids = rec.items.map((i) => i.itemId);
  assert.equal(new Set(ids).size, 10);
  for (const id of ids) assert.ok(b.spec.items.index.has(id), id);
  const watched = new Set(u.watched.map(([id]) => id));
  for (const id of ids) assert.ok(!watched.has(id), `${id} was watched`);
  for (let i = 1; i < rec.items.length; i++) assert.ok(rec.items[i - 1].score >= rec.items[i].score);
  assert.ok(rec.timings);
  assert.ok(
    rec.items.every((i) => i.explain === undefined),
    'no trace unless asked',
  );
});

test('an unknown user gets recommendations too (cold user)', async () => {
  const { r } = shared;
  const rec = await r.recommend({ userId: 'nobody-at-all', k: 5 });
  assert.equal(rec.items.length, 5);
});

test('explain traces each item’s retrieval score and rank', async () => {
  const { r, b } = shared;
  const rec = await r.recommend({ userId: knownUser(b).userId, k: 3, explain: true });
  for (const it of rec.items) {
    assert.ok(it.explain, it.itemId);
    assert.ok(Number.isFinite(it.explain.retrievalScore));
    assert.ok(it.explain.retrievalRank >= 1);
  }
});

test('observed events reach the next request: a disliked item is gone', async () => {
  const { r, b, store } = shared;
  const u = knownUser(b);
  const first = await r.recommend({ userId: u.userId, k: 5 });
  const top = first.items[0].itemId;
  const dislike = { userId: u.userId, itemId: top, type: 'dislike' as const, timestamp: Date.now() };
  await store.append([dislike]);
  await r.observe([dislike]);
  const next = await r.recommend({ userId: u.userId, k: 5 });
  assert.ok(!next.items.some((i) => i.itemId === top));
});

test('the user state is cached between requests until an event invalidates it', async () => {
  const { r, b } = shared;
  const u = [...b.users.values()].filter((x) => x.watched.length > 0)[1];
  const s0 = r.stats();
  await r.recommend({ userId: u.userId, k: 3 });
  await r.recommend({ userId: u.userId, k: 3 });
  const s1 = r.stats();
  assert.equal(s1.cacheMisses - s0.cacheMisses, 1);
  assert.equal(s1.cacheHits - s0.cacheHits, 1);
  assert.equal(s1.cachedUsers - s0.cachedUsers, 1);
  const watch = {
    userId: u.userId,
    itemId: b.spec.items.ids[1],
    type: 'watch' as const,
    timestamp: Date.now(),
  };
  await shared.store.append([watch]);
  await r.observe([watch]);
  await r.recommend({ userId: u.userId, k: 3 });
  assert.equal(r.stats().cacheMisses - s0.cacheMisses, 2, 'rebuilt after the event');
});

test('similar: nearest items, never the item itself; an unknown item is ITEM_NOT_FOUND', async () => {
  const { r, b } = shared;
  const itemId = b.spec.items.ids[1];
  const sim = await r.similar({ itemId, k: 5 });
  assert.equal(sim.itemId, itemId);
  assert.equal(sim.modelVersion, b.manifest.version);
  assert.equal(sim.items.length, 5);
  assert.ok(!sim.items.some((i) => i.itemId === itemId));
  assert.deepEqual(
    sim.items.map((i) => i.rank),
    [1, 2, 3, 4, 5],
  );
  await assert.rejects(
    r.similar({ itemId: 'no-such-item', k: 5 }),
    (e: unknown) => isRecoError(e) && e.code === 'ITEM_NOT_FOUND' && e.statusCode === 404,
  );
});

test('similar for a user leaves out what they watched', async () => {
  const { r, b } = shared;
  const u = knownUser(b);
  const watched = new Set(u.watched.map(([id]) => id));
  const sim = await r.similar({ itemId: u.watched[0][0], k: 5, userId: u.userId });
  for (const it of sim.items) assert.ok(!watched.has(it.itemId), it.itemId);
});

const newItem = (itemId: string, topic: string): Item => ({
  itemId,
  topic,
  tags: ['new'],
  durationSec: 240,
  publishedAt: Date.now(),
});

test('cold start: items stored before the install, posted here, or stored by other replicas are served', async () => {
  const store = createMemoryStore();
  await store.putItems([newItem('stored-before', 'fresh-topic')]);
  const { r, b } = await serving(store);
  assert.ok(b.spec.items.index.has('stored-before'), 'added at install');
  assert.equal(r.stats().indexSize, b.index.size);
  const before = b.spec.items.ids.length;
  assert.equal(r.addItems([newItem('posted-here', 'x')]), 1);
  assert.equal(r.addItems([newItem('posted-here', 'x')]), 0, 'already served');
  assert.equal(b.spec.items.ids.length, before + 1);
  await store.putItems([newItem('posted-elsewhere', 'y')]);
  assert.equal(await r.syncItems(), 1);
  assert.equal(await r.syncItems(), 0, 'the cursor moved on');
  assert.ok(b.spec.items.index.has('posted-elsewhere'));
  const sim = await r.similar({ itemId: 'posted-elsewhere', k: 3 });
  assert.equal(sim.items.length, 3);
});

test('a hidden item leaves lists and similar answers at once, and comes back when shown', async () => {
  const { r, b } = await serving();
  const u = knownUser(b);
  const first = await r.recommend({ userId: u.userId, k: 10 });
  const target = first.items[0].itemId;
  const other = b.spec.items.ids.slice(1).find((id) => id !== target)!;
  const near = (await r.similar({ itemId: other, k: 20 })).items.map((i) => i.itemId);
  const hidden = near[0];
  r.flagItems(
    new Map([
      [target, { hidden: true, retired: false }],
      [hidden, { hidden: false, retired: true }],
    ]),
  );
  assert.deepEqual([...r.hiddenItems()].sort(), [target, hidden].sort());
  const after = await r.recommend({ userId: u.userId, k: 10 });
  assert.equal(after.items.length, 10, 'the list still fills');
  for (const id of [target, hidden]) assert.ok(!after.items.some((i) => i.itemId === id), id);
  const nearAfter = (await r.similar({ itemId: other, k: 20 })).items.map((i) => i.itemId);
  assert.ok(!nearAfter.includes(hidden), 'out of similar answers, cached ones included');
  r.flagItems(new Map());
  assert.ok((await r.recommend({ userId: u.userId, k: 10 })).items.some((i) => i.itemId === target));
});

test('servedItem: whether the bundle knows an item, with its record; updateItem re-embeds it', async () => {
  const { r, b } = await serving();
  const id = b.spec.items.ids[1];
  const got = r.servedItem(id);
  assert.equal(got.known, true);
  assert.equal(got.item?.itemId, id);
  assert.deepEqual(r.servedItem('no-such-item'), { known: false, item: undefined });
  const i = b.spec.items.index.get(id)!;
  const dim = b.manifest.dims.dim;
  const before = b.itemVectors.slice(i * dim, (i + 1) * dim);
  const moved = r.updateItem({
    ...got.item!,
    durationSec: got.item!.durationSec * 7 + 1000,
    topic: 'elsewhere',
  });
  assert.equal(moved, b.retrieval.representation !== 'id');
  if (moved) assert.notDeepEqual(b.itemVectors.slice(i * dim, (i + 1) * dim), before);
});

test('a new bundle replaces the old one, which is freed; close frees the last', async () => {
  const { r, b } = await serving();
  const next = await loadBundle(bundleDir, { minIndexRecall: 0 });
  const tensors = tf.memory().numTensors;
  r.setBundle(next);
  assert.equal(r.current(), next);
  assert.ok(tf.memory().numTensors < tensors, 'the old bundle’s tensors were disposed');
  assert.notEqual(r.current(), b);
  await r.close();
  assert.equal(r.isReady(), false);
  await assert.rejects(r.recommend({ userId: 'u', k: 1 }), notReady);
});

/** ψ(x) of the user's next request, from the state the engine would serve them. */
async function nextPsi(r: Recommender, userId: string, now: number): Promise<Float32Array> {
  const { bundle, state } = await r.userState(userId);
  return embedQuery(bundle.spec, bundle.retrieval, state, {}, now).psi;
}

test('a posted search moves the user’s next query when the bundle reads searches, not otherwise', async () => {
  const noSearch = (await trainTinyBundle(join(root, 'no-search'), { searchInput: false })).dir;
  for (const [dir, reads] of [
    [bundleDir, true],
    [noSearch, false],
  ] as const) {
    const store = createMemoryStore();
    const r = new Recommender({ ...DEFAULT_RECOMMENDER, store });
    open.push(r);
    const b = await loadBundle(dir, { minIndexRecall: 0 });
    await r.install(b);
    assert.equal(Boolean(b.retrieval.config.searchBuckets), reads);
    const u = knownUser(b);
    const now = Date.now() + 60_000;
    const tensors = tf.memory().numTensors;
    const before = await nextPsi(r, u.userId, now);
    await r.recommend({ userId: u.userId, k: 5 }); // caches the state the search must replace
    const search = {
      userId: u.userId,
      type: 'search' as const,
      query: 'zither xylophone',
      timestamp: Date.now(),
    };
    await store.append([search]);
    await r.observe([search]);
    const after = await nextPsi(r, u.userId, now);
    assert.equal(tf.memory().numTensors, tensors, 'no tensor left behind');
    const moved = before.some((x, k) => Math.abs(x - after[k]) > 1e-6);
    assert.equal(moved, reads, reads ? 'the search bag changed ψ(x)' : 'ψ(x) ignores searches');
    if (reads) assert.ok((await r.userState(u.userId)).state.searches?.times.includes(search.timestamp));
  }
});
