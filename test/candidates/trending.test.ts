import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceInput } from '../../src/candidates/source.ts';
import { TrendingCounts, trendingHalfLife, trendingSource } from '../../src/candidates/trending.ts';
import { HOUR_MS } from '../../src/foundation/time.ts';

const T0 = 1_700_000_000_000;
const H = HOUR_MS;
const close = (a: number, b: number, msg?: string) =>
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), msg ?? `${a} ≈ ${b}`);

test('trendingHalfLife is hours in milliseconds', () => {
  assert.equal(trendingHalfLife(24), 24 * H);
  assert.equal(trendingHalfLife(0.5), H / 2);
});

test('seeded counts (padding item 0 zeroed) decay by the half-life', () => {
  const c = new TrendingCounts([5, 4, 0, 2], T0, H);
  assert.equal(c.count(0, T0), 0);
  assert.equal(c.count(1, T0), 4);
  close(c.count(1, T0 + H), 2);
  close(c.count(1, T0 + 3 * H), 0.5);
  close(c.count(3, T0 + H / 2), 2 / Math.SQRT2);
  assert.equal(c.count(99, T0), 0, 'an unknown index counts 0');
});

test('a watch adds 1 at its own time, then decays like the rest', () => {
  const c = new TrendingCounts([0, 0, 0], T0, H);
  c.add(1, T0 + 2 * H);
  close(c.count(1, T0 + 2 * H), 1);
  close(c.count(1, T0 + 3 * H), 0.5);
  c.add(2, T0 - H); // a late event, an hour before the seed
  close(c.count(2, T0 - H), 1);
  close(c.count(2, T0), 0.5);
  c.add(0, T0);
  c.add(-3, T0);
  assert.equal(c.count(0, T0), 0, 'index 0 (unknown item) ignored');
});

test('the ranking is the order of the decayed counts, ties by index, zero counts left out', () => {
  const c = new TrendingCounts([0, 3, 0, 1, 3], T0, H);
  assert.deepEqual(c.ranking(T0, 10), [1, 4, 3]);
  // Two fresh watches of item 3 an hour later beat three watches an hour old (1.5 each by then).
  c.add(3, T0 + H);
  c.add(3, T0 + H);
  const now = T0 + H + 5000;
  const ranked = c.ranking(now, 10);
  assert.deepEqual(ranked, [3, 1, 4]);
  for (let r = 1; r < ranked.length; r++)
    assert.ok(c.count(ranked[r - 1], now) >= c.count(ranked[r], now), 'ranking = decayed counts');
  close(c.count(3, now), (0.5 + 2) * 2 ** (-5000 / H));
});

test('rebase: far-future watches keep the order and the values (no overflow)', () => {
  const hl = 1000;
  const c = new TrendingCounts([0, 8, 4, 2], T0, hl);
  // 600 half-lives later: 2^600 would overflow the float range without the rebase.
  const t = T0 + 600 * hl;
  c.add(3, t);
  for (const i of [1, 2, 3]) assert.ok(Number.isFinite(c.count(i, t)));
  close(c.count(3, t), 1 + 2 * 2 ** -600);
  close(c.count(1, t) / c.count(2, t), 2, 'older counts keep their ratio');
  assert.ok(c.count(1, t) > 0 && c.count(1, t) < 1e-170);
  assert.deepEqual(c.ranking(t, 10), [3, 1, 2]);
  // And again, past the next rebase.
  c.add(2, t + 501 * hl);
  c.add(2, t + 501 * hl);
  close(c.count(2, t + 501 * hl), 2);
  close(c.count(3, t + 501 * hl), 2 ** -501 * (1 + 2 * 2 ** -600));
  assert.deepEqual(c.ranking(t + 501 * hl + 1000, 10).slice(0, 2), [2, 3]);
});

test('a watch of an index past the seed (a cold-start item) grows the counts', () => {
  const c = new TrendingCounts([0, 1], T0, H);
  c.add(7, T0);
  c.add(7, T0);
  c.add(2, T0);
  assert.equal(c.count(7, T0), 2);
  assert.equal(c.count(2, T0), 1);
  assert.equal(c.count(1, T0), 1, 'existing counts kept');
  assert.deepEqual(c.ranking(T0, 10), [7, 1, 2]);
  c.add(40, T0);
  assert.equal(c.count(40, T0), 1);
  assert.equal(c.count(7, T0), 2);
});

test('the ranking is cached: new watches show after a second, or when more items are wanted', () => {
  const c = new TrendingCounts([0, 5, 1], T0, 1000 * H);
  assert.deepEqual(c.ranking(T0, 10), [1, 2]);
  for (let i = 0; i < 10; i++) c.add(2, T0 + 10);
  assert.deepEqual(c.ranking(T0 + 500, 10), [1, 2], 'cached within the second');
  assert.deepEqual(c.ranking(T0 + 1000, 10), [2, 1], 'refreshed after it');
  // Wanting more than the cached length (at least 1000) recomputes at once.
  c.add(3, T0 + 1001);
  assert.deepEqual(c.ranking(T0 + 1500, 10), [2, 1], 'still cached');
  assert.deepEqual(c.ranking(T0 + 1500, 1001), [2, 1, 3], 'more wanted: recomputed');
  // Clean (no watch since): the same list however long after.
  assert.deepEqual(c.ranking(T0 + 100_000, 10), [2, 1, 3]);
});

test('the ranking keeps at least the top 1000 items', () => {
  const seed = Array.from({ length: 1500 }, (_, i) => i);
  const c = new TrendingCounts(seed, T0, H);
  const r = c.ranking(T0, 5);
  assert.equal(r.length, 1000);
  assert.equal(r[0], 1499);
  assert.equal(c.ranking(T0, 1200).length, 1200);
});

const input = (watched: number[], disliked: number[] = [], now = T0): SourceInput =>
  ({
    bundle: {},
    state: { watched, watchedAt: new Map(watched.map((i) => [i, 0])), disliked: new Set(disliked) },
    userId: 'u',
    psi: Float32Array.of(1),
    now,
  }) as unknown as SourceInput;

test('trending source: the most trending first, seen and disliked left out, capped by the quota', () => {
  const c = new TrendingCounts([0, 9, 8, 7, 6, 5, 4, 0], T0, H);
  const src = trendingSource(c);
  assert.equal(src.name, 'trending');
  assert.deepEqual(src.generate(input([]), 3), { source: 'trending', items: [1, 2, 3] });
  assert.deepEqual(src.generate(input([1, 3], [2]), 3).items, [4, 5, 6]);
  assert.deepEqual(src.generate(input([]), 100).items, [1, 2, 3, 4, 5, 6], 'no item without a count');
  assert.deepEqual(src.generate(input([]), 0), { source: 'trending', items: [] });
});

test('trending source: watches move an item up (after the ranking refreshes)', () => {
  const c = new TrendingCounts([0, 3, 2, 1], T0, H);
  const src = trendingSource(c);
  assert.deepEqual(src.generate(input([]), 3).items, [1, 2, 3]);
  for (let i = 0; i < 5; i++) c.add(3, T0 + 100);
  assert.deepEqual(src.generate(input([], [], T0 + 2000), 3).items, [3, 1, 2]);
});
