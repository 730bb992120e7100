import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoadedBundle } from '../../../src/bundle/read.ts';
import { DEFAULT_SOURCES, SOURCE_NAMES, type SourceQuotas } from '../../../src/bundle/sources-config.ts';
import type { SourceInput } from '../../../src/candidates/source.ts';
import { DAY_MS } from '../../../src/foundation/time.ts';
import { ExactIndex } from '../../../src/index/exact.ts';
import { NeighbourCache } from '../../../src/serving/similar.ts';
import { requestQuotas, SourceSet } from '../../../src/serving/sources/set.ts';

const NOW = 1_700_000_000_000;
const N = 9; // items 1..8, 0 is the padding row
// dim 2: item i at angle i × 20°, so ψ = (1, 0) prefers the low indices.
const vectors = new Float32Array(N * 2);
for (let i = 1; i < N; i++) {
  vectors[2 * i] = Math.cos((i * 20 * Math.PI) / 180);
  vectors[2 * i + 1] = Math.sin((i * 20 * Math.PI) / 180);
}
const publishedAt = Float64Array.from({ length: N }, (_, i) =>
  i === 8 || i === 6 ? NOW - DAY_MS : NOW - 90 * DAY_MS,
);
const recentWatches = Float64Array.from([0, 0, 0, 0, 0, 1, 0, 9, 4]);

const ids = Array.from({ length: N }, (_, i) => (i === 0 ? '<oov>' : `i${i}`));
const bundle = {
  manifest: { dims: { dim: 2 }, config: {} },
  spec: { items: { ids, index: new Map(ids.map((id, i) => [id, i])) } },
  index: new ExactIndex(vectors, 2),
  itemVectors: vectors,
  itemTable: { publishedAt, recentWatches },
} as unknown as LoadedBundle;

const set = (capacity = 10) =>
  new SourceSet(bundle, DEFAULT_SOURCES, new NeighbourCache(undefined, 0), capacity, NOW);
const quotas = (q: Partial<SourceQuotas>): SourceQuotas => ({
  ann: 0,
  related: 0,
  neighbours: 0,
  fresh: 0,
  trending: 0,
  ...q,
});
const input = (watched: number[] = [], userId = 'u'): SourceInput => ({
  bundle,
  state: { watched, watchedAt: new Map(watched.map((i) => [i, NOW - 1000])), disliked: new Set() },
  userId,
  psi: Float32Array.of(1, 0),
  now: NOW,
});

test('only the sources with a quota above 0 run, each timed', () => {
  const s = set();
  const got = s.generate(input(), quotas({ trending: 2 }));
  assert.deepEqual(Object.keys(got.timings), ['trending']);
  assert.deepEqual(got.items.sort(), [7, 8], 'the two most watched of late');
  assert.ok(got.origins.every((o) => o.length === 1 && o[0].source === 'trending'));
  const none = s.generate(input(), quotas({}));
  assert.deepEqual(none, { items: [], scores: [], origins: [], timings: {} });
});

test('every source on: each timed (ms, ≥ 0) in SOURCE_NAMES order, their lists merged by ψ·v', () => {
  const s = set();
  s.users.upsert('other', Float32Array.of(1, 0.1), [3, 4]);
  const got = s.generate(input([1]), quotas({ ann: 3, related: 2, neighbours: 2, fresh: 2, trending: 2 }));
  assert.deepEqual(Object.keys(got.timings), [...SOURCE_NAMES]);
  for (const ms of Object.values(got.timings)) assert.ok(typeof ms === 'number' && ms >= 0);
  const by = (src: string) =>
    got.items.filter((_, r) => got.origins[r].some((o) => o.source === src)).sort((a, b) => a - b);
  assert.deepEqual(by('ann'), [1, 2, 3], 'ann: the nearest (watched item 1 included, the filters drop it)');
  assert.deepEqual(by('related'), [2, 3], 'related: neighbours of watched item 1, not itself');
  assert.deepEqual(by('neighbours'), [3, 4], 'neighbours: what the other user watched');
  assert.deepEqual(by('fresh'), [6, 8], 'fresh: published a day ago');
  assert.deepEqual(by('trending'), [7, 8]);
  assert.deepEqual(got.items, [1, 2, 3, 4, 6, 7, 8], 'each once, by ψ·v (item angle)');
  for (let r = 1; r < got.scores.length; r++) assert.ok(got.scores[r - 1] >= got.scores[r]);
  const eight = got.origins[got.items.indexOf(8)];
  assert.deepEqual(eight, [
    { source: 'fresh', rank: 1 },
    { source: 'trending', rank: 1 },
  ]);
});

test('the set keeps its state between requests: trending counts and the user index', () => {
  const s = set(2);
  assert.equal(s.users.capacity, 2);
  assert.equal(s.config, DEFAULT_SOURCES);
  assert.equal(s.bundle, bundle);
  assert.equal(s.trending.count(7, NOW), 9, 'seeded from the bundle’s recent watches');
  for (let i = 0; i < 20; i++) s.trending.add(2, NOW);
  const got = s.generate({ ...input(), now: NOW + 2000 }, quotas({ trending: 1 }));
  assert.deepEqual(got.items, [2]);
  assert.equal(set(0).users.capacity, 0);
});

const depth = { candidates: 200, candidatesPerItem: 5, minCandidates: 50 };
const state = (watched: number, disliked: number) => ({
  watchedAt: new Map(Array.from({ length: watched }, (_, i) => [i + 1, 0])),
  disliked: new Set(Array.from({ length: disliked }, (_, i) => 100 + i)),
});

test('requestQuotas: the request’s quotas over the bundle’s; ann follows k, capped by its quota', () => {
  const base = { ann: 200, related: 0, neighbours: 0, fresh: 10, trending: 0 };
  const none = state(0, 0);
  assert.deepEqual(requestQuotas(base, { k: 10 }, depth, none, false), { ...base, ann: 50 });
  assert.deepEqual(requestQuotas(base, { k: 30 }, depth, none, false), { ...base, ann: 150 });
  assert.deepEqual(requestQuotas(base, { k: 100 }, depth, none, false), { ...base, ann: 200 }, 'service cap');
  assert.deepEqual(
    requestQuotas(base, { k: 30, sources: { ann: 60 } }, depth, none, false).ann,
    60,
    'ann:60 caps',
  );
  assert.equal(requestQuotas(base, { k: 10, sources: { ann: 20 } }, depth, none, false).ann, 20);
  assert.equal(requestQuotas(base, { k: 10 }, depth, state(3, 2), false).ann, 55, 'seen and disliked on top');
  assert.equal(requestQuotas(base, { k: 10 }, depth, none, true).ann, 250, 'post-filters widen 5×');
  assert.deepEqual(
    requestQuotas(base, { k: 10, sources: { ann: 0, trending: 10 } }, depth, state(3, 2), true),
    {
      ...base,
      ann: 0,
      trending: 10,
    },
  );
  assert.equal(requestQuotas(base, { k: 10, sources: { ann: 500 } }, depth, none, false).ann, 50);
});

test('forRequest: the quotas applied, the user remembered in the index when they have watches', () => {
  const s = set();
  const got = s.forRequest(input([1], 'alice'), { k: 2, sources: { ann: 2, trending: 1 } }, depth, false);
  assert.deepEqual(Object.keys(got.timings), ['ann', 'trending']);
  assert.deepEqual(got.items, [1, 2, 3, 7], 'ann: its quota 2 + the 1 watched item; trending: 7');
  assert.equal(s.users.has('alice'), true);
  s.forRequest(input([1], '\u0000warm-up'), { k: 2 }, depth, false);
  assert.equal(s.users.has('\u0000warm-up'), false, 'an internal id is not remembered');
  s.forRequest(input([], 'carol'), { k: 2 }, depth, false);
  assert.equal(s.users.has('carol'), false, 'no watches, nothing to place them by');
});

test('observe: watches of known items move their trending counts, others are ignored', () => {
  const s = set();
  const at = NOW + 10;
  s.observe([
    { userId: 'u', itemId: 'i3', type: 'watch', timestamp: at },
    { userId: 'u', itemId: 'i3', type: 'watch', timestamp: at },
    { userId: 'u', itemId: 'i4', type: 'like', timestamp: at },
    { userId: 'u', itemId: 'nope', type: 'watch', timestamp: at },
  ] as never);
  assert.ok(Math.abs(s.trending.count(3, at) - 2) < 1e-9);
  assert.equal(s.trending.count(4, at), 0, 'a like is not a watch');
  assert.equal(s.trending.count(0, at), 0);
});
