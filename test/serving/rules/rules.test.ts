import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ItemTable } from '../../../src/features/item-table.ts';
import { applyChain, createChain, DEFAULT_RULES } from '../../../src/serving/rules/chain.ts';
import { removeDisliked } from '../../../src/serving/rules/dislike.ts';
import { topicCap } from '../../../src/serving/rules/diversity.ts';
import { freshness } from '../../../src/serving/rules/freshness.ts';
import type { Candidate, RuleContext } from '../../../src/serving/rules/rule.ts';
import { removeWatched } from '../../../src/serving/rules/seen.ts';
import type { UserState } from '../../../src/serving/user-state.ts';

const DAY = 86_400_000;
const NOW = 100 * DAY;
// items 1..6: topics [_, A, A, A, B, B, C]; item 3 published today, the others 70 days ago
const items: ItemTable = {
  topic: Int32Array.from([0, 1, 1, 1, 2, 2, 3]),
  durationSec: new Float32Array(7).fill(100),
  publishedAt: Float64Array.from([0, 30, 30, 100, 30, 30, 30].map((d) => d * DAY)),
  watches: new Float64Array(7),
};
const user = (watched: number[] = [], disliked: number[] = []): UserState => ({
  watched,
  watchedSet: new Set(watched),
  disliked: new Set(disliked),
});
const ctx = (u = user(), k = 10): RuleContext => ({ user: u, items, now: NOW, k });
const list = (...scores: [number, number][]): Candidate[] =>
  scores.map(([item, score], i) => ({ item, score, retrievalScore: score, retrievalRank: i }));
const ids = (l: Candidate[]) => l.map((c) => c.item);

test('removeWatched drops exactly the watched items and keeps the order', () => {
  const l = list([1, 5], [2, 4], [4, 3], [6, 1]);
  assert.deepEqual(ids(removeWatched(l, ctx(user([2, 6])))), [1, 4]);
  assert.equal(l.length, 4, 'input not mutated');
});

test('removeDisliked drops exactly the disliked items', () => {
  assert.deepEqual(ids(removeDisliked(list([1, 5], [2, 4], [4, 3]), ctx(user([], [1])))), [2, 4]);
});

test('freshness boosts by 2^(-age/halfLife) and re-sorts', () => {
  // item 3 is 0 days old: 1.0 × (1 + 0.5) = 1.5 beats item 1 (70 days, half-life 7: boost ≈ 0.0005)
  const out = freshness({ boost: 0.5, halfLifeDays: 7 })(list([1, 1.2], [3, 1.0]), ctx());
  assert.deepEqual(ids(out), [3, 1]);
  assert.equal(out[0].score, 1.5);
  assert.ok(Math.abs(out[1].score - 1.2 * (1 + 0.5 * 2 ** -10)) < 1e-12);
});

test('topicCap keeps at most n per topic in the top k and moves the rest behind', () => {
  const l = list([1, 9], [2, 8], [3, 7], [4, 6], [5, 5], [6, 4]);
  // cap 2, k 4: A,A then the third A (item 3) is moved back; B,B fill the top 4
  assert.deepEqual(ids(topicCap({ maxPerTopic: 2 })(l, ctx(user(), 4))), [1, 2, 4, 5, 3, 6]);
  assert.deepEqual(ids(topicCap({ maxPerTopic: 0 })(l, ctx(user(), 4))), [1, 2, 3, 4, 5, 6]);
});

test('the default chain removes seen and disliked items before shaping the list', () => {
  const l = list([1, 9], [2, 8], [3, 7], [4, 6]);
  const out = applyChain(createChain(DEFAULT_RULES), l, ctx(user([1], [4])));
  assert.deepEqual(new Set(ids(out)), new Set([2, 3]));
});
