import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type LoadedBundle, loadBundle } from '../../../src/bundle/read.ts';
import { SOURCE_NAMES, type SourceQuotas } from '../../../src/bundle/sources-config.ts';
import { isRecoError } from '../../../src/errors.ts';
import { createMemoryStore } from '../../../src/events/memory-store.ts';
import { DAY_MS } from '../../../src/foundation/time.ts';
import { tf } from '../../../src/runtime/tf.ts';
import type { Recommendation } from '../../../src/serving/engine.ts';
import { DEFAULT_RECOMMENDER, Recommender } from '../../../src/serving/recommender.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { trainTinyBundle } from '../../helpers/tiny-bundle.ts';

const root = tempDir('reco-sources-');
let bundleDir: string;
const open: Recommender[] = [];
let shared: { r: Recommender; b: LoadedBundle };

before(async () => {
  bundleDir = (await trainTinyBundle(root, { epochs: 1, scale: 0.05 })).dir;
  shared = await serving();
});
after(async () => {
  for (const r of open) await r.close();
});

async function serving() {
  const r = new Recommender({ ...DEFAULT_RECOMMENDER, store: createMemoryStore() });
  open.push(r);
  const b = await loadBundle(bundleDir, { minIndexRecall: 0 });
  await r.install(b);
  return { r, b };
}

/** A bundle user with a history, its watched item indices and the time just after its last watch. */
function knownUser(b: LoadedBundle) {
  const u = [...b.users.values()].find((x) => x.watched.length >= 3);
  assert.ok(u, 'the tiny world has users with histories');
  const watched = new Set(u.watched.map(([id]) => id));
  return { u, watched, now: Math.max(...u.watched.map(([, t]) => t)) + 3_600_000 };
}

/** item id -> every source that named it, from `explain`. */
function sourcesOf(rec: Recommendation): Map<string, { source: string; rank: number }[]> {
  return new Map(
    rec.items.map((i) => {
      assert.ok(i.explain?.sources, `${i.itemId} explains its sources`);
      return [i.itemId, i.explain.sources];
    }),
  );
}

/** Per source, the 1-based ranks that the items report there, ascending. */
function ranksBySource(rec: Recommendation): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const list of sourcesOf(rec).values())
    for (const o of list) out.set(o.source, [...(out.get(o.source) ?? []), o.rank]);
  for (const ranks of out.values()) ranks.sort((a, b) => a - b);
  return out;
}

const index = (b: LoadedBundle, id: string) => b.spec.items.index.get(id) ?? 0;
const only = (q: Partial<SourceQuotas>): Partial<SourceQuotas> => ({
  ann: 0,
  related: 0,
  neighbours: 0,
  fresh: 0,
  trending: 0,
  ...q,
});
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

test('all sources on, explained: each item names its sources with 1-based ranks, never a watched item', async () => {
  const { r, b } = shared;
  const { u, watched, now } = knownUser(b);
  const k = b.spec.items.ids.length - 1 - watched.size; // every unwatched item: nothing is cut
  const quotas = { related: 10, fresh: 5, trending: 5, neighbours: 10 };
  const rec = await r.recommend({ userId: u.userId, k, explain: true, sources: quotas, now });
  assert.ok(rec.items.length > 0);
  const { state } = await r.userState(u.userId);
  for (const item of rec.items) {
    assert.ok(!watched.has(item.itemId), `${item.itemId} was watched`);
    assert.ok(!state.disliked.has(index(b, item.itemId)), `${item.itemId} was disliked`);
  }
  for (const [id, list] of sourcesOf(rec)) {
    assert.ok(list.length > 0, `${id} came from some source`);
    for (const o of list) {
      assert.ok((SOURCE_NAMES as readonly string[]).includes(o.source), o.source);
      assert.ok(Number.isInteger(o.rank) && o.rank >= 1, `${id} ${o.source} rank ${o.rank}`);
    }
    assert.equal(new Set(list.map((o) => o.source)).size, list.length, 'each source once per item');
  }
  const ranks = ranksBySource(rec);
  for (const [name, quota] of Object.entries(quotas)) {
    const got = ranks.get(name) ?? [];
    assert.ok(got.length > 0, `${name} produced candidates`);
    assert.ok(got.length <= quota, `${name} within its quota`);
    assert.deepEqual(got, range(got.length), `${name}: ranks 1..n, no gap (seen items were never counted)`);
  }
  assert.ok(ranks.has('ann'), 'ann keeps the bundle’s quota');
  // Fresh items were published in the 14 days before the request.
  for (const [id, list] of sourcesOf(rec))
    if (list.some((o) => o.source === 'fresh')) {
      const at = b.itemTable.publishedAt[index(b, id)];
      assert.ok(at <= now && at >= now - 14 * DAY_MS, `${id} is fresh`);
    }
  // Related and neighbours are not ann in disguise: without ann, they still answer.
  const noAnn = await r.recommend({
    userId: u.userId,
    k,
    explain: true,
    sources: { ...quotas, ann: 0 },
    now,
  });
  assert.ok(noAnn.items.length > 0);
  for (const list of sourcesOf(noAnn).values()) assert.ok(list.every((o) => o.source !== 'ann'));
  assert.ok(ranksBySource(noAnn).has('related') && ranksBySource(noAnn).has('neighbours'));
});

test('timings name each source that ran', async () => {
  const { r, b } = shared;
  const { u, now } = knownUser(b);
  const rec = await r.recommend({
    userId: u.userId,
    k: 5,
    sources: { related: 3, fresh: 3, trending: 3, neighbours: 3 },
    now,
  });
  assert.deepEqual(Object.keys(rec.timings?.sources ?? {}).sort(), [...SOURCE_NAMES].sort());
  const annOnly = await r.recommend({ userId: u.userId, k: 5, now });
  assert.deepEqual(Object.keys(annOnly.timings?.sources ?? {}), ['ann'], 'the bundle’s defaults: ann alone');
});

test('sources {ann: 0, trending: 10}: only trending items, its top 10 unwatched, most watched first', async () => {
  const { r, b } = shared;
  const { u, watched, now } = knownUser(b);
  const { state } = await r.userState(u.userId);
  const disliked = new Set([...state.disliked].map((i) => b.spec.items.ids[i]));
  const rec = await r.recommend({
    userId: u.userId,
    k: 50,
    explain: true,
    sources: { ann: 0, trending: 10 },
    now,
  });
  assert.equal(rec.items.length, 10);
  const trendingRank = new Map<string, number>();
  for (const [id, list] of sourcesOf(rec)) {
    assert.equal(list.length, 1);
    assert.equal(list[0].source, 'trending', `${id} from trending alone`);
    trendingRank.set(id, list[0].rank);
  }
  assert.deepEqual(
    [...trendingRank.values()].sort((x, y) => x - y),
    range(10),
  );
  // Trending is seeded from the bundle's recent watches: its rank follows them.
  const seeded = (id: string) => b.itemTable.recentWatches[index(b, id)];
  const byRank = [...trendingRank].sort((x, y) => x[1] - y[1]).map(([id]) => id);
  for (let i = 1; i < byRank.length; i++) assert.ok(seeded(byRank[i - 1]) >= seeded(byRank[i]));
  const unwatched = b.spec.items.ids.slice(1).filter((id) => !watched.has(id) && !disliked.has(id));
  const tenth = seeded(byRank[9]);
  for (const id of unwatched)
    if (!trendingRank.has(id)) assert.ok(seeded(id) <= tenth, `${id} should have been among the top 10`);
  for (const id of trendingRank.keys()) assert.ok(!watched.has(id) && !disliked.has(id));
});

test('watch events through observe() move an item up the trending source', async () => {
  const { r, b } = await serving();
  const { u, watched } = knownUser(b);
  const t0 = Date.now();
  const ask = async (now: number) => {
    const rec = await r.recommend({
      userId: u.userId,
      k: 100,
      explain: true,
      sources: only({ trending: 100 }),
      now,
    });
    return new Map([...sourcesOf(rec)].map(([id, list]) => [id, list[0].rank]));
  };
  const before = await ask(t0);
  // The least trending unwatched item (or one with no watches at all, absent from the list).
  const { state } = await r.userState(u.userId);
  const unwatched = b.spec.items.ids
    .slice(1)
    .filter((id) => !watched.has(id) && !state.disliked.has(index(b, id)));
  const target = unwatched.reduce((worst, id) =>
    (before.get(id) ?? 1e9) > (before.get(worst) ?? 1e9) ? id : worst,
  );
  assert.notEqual(before.get(target), 1);
  const events = Array.from({ length: 100 }, (_, i) => ({
    userId: `fan${i}`,
    itemId: target,
    type: 'watch' as const,
    timestamp: t0,
    watchTime: 30,
  }));
  await r.observe(events);
  await r.observe([{ userId: 'x', itemId: 'no-such-item', type: 'watch', timestamp: t0 }]); // ignored
  const after = await ask(t0 + 2000); // past the ranking cache's second
  assert.equal(after.get(target), 1, `${target} is now the most trending`);
  assert.ok(after.size >= before.size);
});

test('similarUsers: k closest users of the bundle, best first, never the user themself', async () => {
  const { r, b } = shared;
  const { u } = knownUser(b);
  const got = await r.similarUsers({ userId: u.userId, k: 7 });
  assert.equal(got.userId, u.userId);
  assert.equal(got.modelVersion, b.manifest.version);
  assert.equal(got.users.length, 7);
  assert.deepEqual(
    got.users.map((x) => x.rank),
    range(7),
  );
  assert.ok(got.users.every((x) => x.userId !== u.userId));
  assert.equal(new Set(got.users.map((x) => x.userId)).size, 7);
  for (const x of got.users) {
    assert.ok(b.users.has(x.userId), `${x.userId} is a bundle user (seeded at install)`);
    assert.ok(x.score <= 1 + 1e-6 && x.score >= -1 - 1e-6, 'a cosine');
  }
  for (let i = 1; i < got.users.length; i++) assert.ok(got.users[i - 1].score >= got.users[i].score);
  const one = await r.similarUsers({ userId: u.userId, k: 1 });
  assert.deepEqual(one.users[0], got.users[0]);
});

test('similarUsers of an unknown user throws USER_NOT_FOUND (404)', async () => {
  const { r } = shared;
  await assert.rejects(
    r.similarUsers({ userId: 'nobody-at-all', k: 5 }),
    (e: unknown) => isRecoError(e) && e.code === 'USER_NOT_FOUND' && e.statusCode === 404,
  );
});

test('no tensor left behind across 50 requests with every source on', async () => {
  const { r, b } = shared;
  const users = [...b.users.values()].filter((x) => x.watched.length > 0).slice(0, 10);
  const sources = { ann: 100, related: 20, neighbours: 20, fresh: 20, trending: 20 };
  await r.recommend({ userId: users[0].userId, k: 10, sources, explain: true });
  const tensors = tf.memory().numTensors;
  for (let i = 0; i < 50; i++)
    await r.recommend({ userId: users[i % users.length].userId, k: 10, sources, explain: i % 2 === 0 });
  await r.similarUsers({ userId: users[0].userId, k: 5 });
  assert.equal(tf.memory().numTensors, tensors);
});

test('a pinned item takes its slot while its pin is live, from the catalogue or the request', async () => {
  const { r, b } = await serving();
  const { u, watched, now } = knownUser(b);
  const target = b.spec.items.ids.find((id, i) => i > 0 && !watched.has(id))!;
  const base = b.items[b.spec.items.index.get(target)!]!;
  r.addItems([{ ...base, pinned: { from: now - 1000, until: now + 1000, slot: 2 } }]);
  const rec = await r.recommend({ userId: u.userId, k: 5, now, explain: true });
  assert.equal(rec.items[1].itemId, target);
  assert.ok(rec.items[1].explain?.sources?.some((o) => o.source === 'pinned'));
  assert.equal(rec.items.length, 5);
  const later = await r.recommend({ userId: u.userId, k: 5, now: now + 5000 });
  assert.notEqual(later.items[1].itemId, target, 'the pin has expired');
  r.addItems([base]);
  const asked = await r.recommend({ userId: u.userId, k: 5, now, pinned: [{ itemId: target }] });
  assert.equal(asked.items[0].itemId, target, 'a request pin without a slot leads');
});
