import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshSource, PublishOrder } from '../../src/candidates/fresh.ts';
import type { SourceInput } from '../../src/candidates/source.ts';
import { DAY_MS } from '../../src/foundation/time.ts';

const NOW = 100 * DAY_MS;
const day = (d: number) => NOW - d * DAY_MS;

test('PublishOrder: only items published in [now − days, now], newest first', () => {
  // item:          0 (pad), 1,       2,          3,       4,        5,        6
  const at = Float64Array.of(0, day(1), day(20), day(-2), day(0.5), day(14), day(3));
  const order = new PublishOrder();
  assert.deepEqual([...order.window(at, NOW, 14)], [4, 1, 6, 5], 'future item 3 and old item 2 left out');
  assert.deepEqual([...order.window(at, NOW, 2)], [4, 1]);
  assert.deepEqual([...order.window(at, NOW, 0)], []);
  assert.deepEqual([...order.window(at, day(-2), 1)], [3], 'the window moves with now');
  assert.deepEqual([...order.window(at, NOW, 1000)], [4, 1, 6, 5, 2], 'never the padding item 0');
});

test('PublishOrder: both ends are inclusive, equal times in index order', () => {
  const at = Float64Array.of(0, day(2), NOW, day(2), day(2.0001), NOW);
  const order = new PublishOrder();
  assert.deepEqual([...order.window(at, NOW, 2)], [2, 5, 1, 3]);
});

test('PublishOrder: the binary search finds the window at any position of a long catalogue', () => {
  const n = 3001;
  // Item i published i minutes before NOW, shuffled so only the sort puts them in order.
  const at = new Float64Array(n);
  const perm = Array.from({ length: n - 1 }, (_, i) => i + 1);
  let seed = 7;
  for (let i = perm.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  perm.forEach((item, minutes) => {
    at[item] = NOW - minutes * 60_000;
  });
  const order = new PublishOrder();
  const now = NOW - 1000 * 60_000; // 1000 minutes ago
  const got = order.window(at, now, 100 / (24 * 60)); // 100 minutes wide
  assert.equal(got.length, 101);
  assert.deepEqual([...got], perm.slice(1000, 1101));
  for (let r = 1; r < got.length; r++) assert.ok(at[got[r - 1]] >= at[got[r]], 'newest first');
});

test('PublishOrder: rebuilt when the catalogue grows (cold-start items join the window)', () => {
  const at = Float64Array.of(0, day(1), day(2));
  const order = new PublishOrder();
  assert.deepEqual([...order.window(at, NOW, 14)], [1, 2]);
  // Two items added (one fresh, one too old): the order is rebuilt over the longer table.
  const grown = Float64Array.of(0, day(1), day(2), day(0.1), day(30));
  assert.deepEqual([...order.window(grown, NOW, 14)], [3, 1, 2]);
  assert.deepEqual([...order.window(grown, NOW, 40)], [3, 1, 2, 4]);
});

test('PublishOrder: at most 5000 items of a flood of uploads, the newest', () => {
  const n = 6001;
  const at = new Float64Array(n);
  for (let i = 1; i < n; i++) at[i] = NOW - i; // item 1 newest
  const got = new PublishOrder().window(at, NOW, 1);
  assert.equal(got.length, 5000);
  assert.equal(got[0], 1);
  assert.equal(got[4999], 5000);
});

const input = (
  publishedAt: Float64Array,
  vectors: Float32Array,
  watched: number[],
  disliked: number[] = [],
) =>
  ({
    bundle: { itemTable: { publishedAt }, itemVectors: vectors },
    state: { watched, watchedAt: new Map(watched.map((i) => [i, 0])), disliked: new Set(disliked) },
    userId: 'u',
    psi: Float32Array.of(1),
    now: NOW,
  }) as unknown as SourceInput;

test('fresh: the window’s items best first by ψ·v, seen and disliked left out, capped by the quota', () => {
  const at = Float64Array.of(0, day(1), day(2), day(3), day(30), day(4), day(5));
  const v = Float32Array.of(0, 0.1, 0.9, 0.5, 5, 0.7, 0.3); // dim 1: ψ·v = v
  const src = freshSource(new PublishOrder(), 14);
  assert.equal(src.name, 'fresh');
  assert.deepEqual(src.generate(input(at, v, []), 10), { source: 'fresh', items: [2, 5, 3, 6, 1] });
  assert.deepEqual(src.generate(input(at, v, [2], [3]), 10).items, [5, 6, 1]);
  assert.deepEqual(src.generate(input(at, v, []), 2).items, [2, 5]);
  assert.deepEqual(src.generate(input(at, v, []), 0), { source: 'fresh', items: [] });
  assert.deepEqual(freshSource(new PublishOrder(), 1.5).generate(input(at, v, []), 10).items, [1]);
});
