import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ItemTable } from '../../../src/features/item-table.ts';
import { applyChain, type ChainTrace, createChain, DEFAULT_RULES } from '../../../src/serving/rules/chain.ts';
import { demoteNearDisliked, removeDisliked } from '../../../src/serving/rules/dislike.ts';
import { mmr, topicCap } from '../../../src/serving/rules/diversity.ts';
import { freshness } from '../../../src/serving/rules/freshness.ts';
import { requestFilter } from '../../../src/serving/rules/request-filters.ts';
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
  recentWatches: new Float64Array(7),
};
// 2-d embeddings: items 1 and 2 identical, 3 orthogonal to them, 4 close to 1
const vectors = Float32Array.from([0, 0, 1, 0, 1, 0, 0, 1, 0.99, 0.1, -1, 0, 0, -1]);
const user = (watched: [number, number][] = [], disliked: number[] = []): UserState => ({
  watched: watched.map(([i]) => i),
  watchedAt: new Map(watched),
  disliked: new Set(disliked),
});
const ctx = (u = user(), k = 10): RuleContext => ({ user: u, items, vectors, dim: 2, now: NOW, k });
const list = (...scores: [number, number][]): Candidate[] =>
  scores.map(([item, score], i) => ({
    item,
    score,
    rankerScore: score,
    retrievalScore: score,
    retrievalRank: i,
  }));
const ids = (l: Candidate[]) => l.map((c) => c.item);

test('seen: drops exactly the watched items and keeps the order; re-watch after the configured time', () => {
  const l = list([1, 5], [2, 4], [4, 3], [6, 1]);
  const u = user([
    [2, NOW - 2 * DAY],
    [6, NOW - 40 * DAY],
  ]);
  assert.deepEqual(ids(removeWatched({ rewatchAfterDays: 0 }).apply(l, ctx(u))), [1, 4]);
  assert.deepEqual(ids(removeWatched({ rewatchAfterDays: 30 }).apply(l, ctx(u))), [1, 4, 6]);
  assert.equal(l.length, 4, 'input not mutated');
});

test('dislike: drops exactly the disliked items', () => {
  assert.deepEqual(ids(removeDisliked.apply(list([1, 5], [2, 4], [4, 3]), ctx(user([], [1])))), [2, 4]);
});

test('dislike-similar: demotes items close to a disliked one, and a repeatedly disliked topic', () => {
  const p = { similarity: 0.9, nearFactor: 0.5, topicDislikes: 2, topicFactor: 0.1 };
  // user disliked item 1: item 2 (identical) and item 4 (cos 0.995) are halved; 3 and 5 untouched
  const out = demoteNearDisliked(p).apply(list([2, 10], [4, 9], [3, 8], [5, 7]), ctx(user([], [1])));
  assert.deepEqual(ids(out), [3, 5, 2, 4]);
  assert.deepEqual(
    out.map((c) => c.score),
    [8, 7, 5, 4.5],
  );
  // two dislikes in topic B (items 4, 5): item 5... is itself disliked; topic B item scores × 0.1
  const out2 = demoteNearDisliked({ ...p, similarity: 2 }).apply(list([6, 1], [3, 2]), ctx(user([], [4, 5])));
  assert.deepEqual(
    out2.map((c) => c.score),
    [2, 1],
  );
  assert.deepEqual(ids(demoteNearDisliked(p).apply(list([2, 1]), ctx())), [2], 'no dislikes: unchanged');
});

test('freshness: boosts by 2^(-age/halfLife) and re-sorts', () => {
  // item 3 is 0 days old: 1.0 × (1 + 0.5) = 1.5 beats item 1 (70 days, half-life 7: boost ≈ 0.0005)
  const out = freshness({ boost: 0.5, halfLifeDays: 7 }).apply(list([1, 1.2], [3, 1.0]), ctx());
  assert.deepEqual(ids(out), [3, 1]);
  assert.equal(out[0].score, 1.5);
  assert.ok(Math.abs(out[1].score - 1.2 * (1 + 0.5 * 2 ** -10)) < 1e-12);
});

test('mmr: lambda 1 keeps relevance order; lower lambda spreads out near-duplicates', () => {
  const l = list([1, 10], [2, 9.9], [3, 9]);
  assert.deepEqual(ids(mmr({ lambda: 1, maxPerTopic: 0 }).apply(l, ctx(user(), 3))), [1, 2, 3]);
  // item 2 duplicates item 1 (cos 1): 0.5·0.99 − 0.5·1 < 0.5·0.9 − 0.5·0, so item 3 comes second
  assert.deepEqual(ids(mmr({ lambda: 0.5, maxPerTopic: 0 }).apply(l, ctx(user(), 3))), [1, 3, 2]);
});

test('topic cap: at most n per topic in the top k; the rest moves behind', () => {
  const l = list([1, 9], [2, 8], [3, 7], [4, 6], [5, 5], [6, 4]);
  // cap 2, k 4: A,A then the third A (item 3) is moved back; B,B fill the top 4
  assert.deepEqual(ids(topicCap({ lambda: 1, maxPerTopic: 2 }).apply(l, ctx(user(), 4))), [1, 2, 4, 5, 3, 6]);
  assert.deepEqual(ids(topicCap({ lambda: 1, maxPerTopic: 0 }).apply(l, ctx(user(), 4))), [1, 2, 3, 4, 5, 6]);
});

test('topic cap counts per page of 10 and still fills a page from one topic', () => {
  // 12 candidates: items 1..3 are topic A (repeated ids stand for A-items), 4 is B
  const many = list(
    ...Array.from({ length: 11 }, (_, i) => [1 + (i % 3), 20 - i] as [number, number]),
    [4, 1],
  );
  const out = ids(topicCap({ lambda: 1, maxPerTopic: 3 }).apply(many, ctx(user(), 12)));
  // page 1: three A, then the B, then A again (nothing else qualifies); page 2 starts afresh
  assert.deepEqual(out.slice(0, 4), [1, 2, 3, 4]);
  assert.equal(out.length, 12);
  assert.deepEqual(out.slice(4), [1, 2, 3, 1, 2, 3, 1, 2]);
});

test('request filters: topics, excluded topics, maximum age', () => {
  const l = list([1, 6], [3, 5], [4, 4], [6, 3]);
  assert.deepEqual(ids(requestFilter({ topics: new Set([1]) }).apply(l, ctx())), [1, 3]);
  assert.deepEqual(ids(requestFilter({ excludeTopics: new Set([1, 3]) }).apply(l, ctx())), [4]);
  assert.deepEqual(ids(requestFilter({ maxAgeDays: 10 }).apply(l, ctx())), [3]);
});

test('the chain removes seen and disliked items and the trace says who did what', () => {
  const l = list([1, 9], [2, 8], [3, 7], [4, 6]);
  const trace: ChainTrace = { steps: new Map(), removed: [] };
  const out = applyChain(createChain(DEFAULT_RULES), l, ctx(user([[1, NOW]], [4])), trace);
  assert.deepEqual(new Set(ids(out)), new Set([2, 3]));
  assert.deepEqual(trace.removed, [
    { item: 4, rule: 'dislike', reason: 'disliked by the user' },
    { item: 1, rule: 'seen', reason: 'already watched' },
  ]);
  // item 2 is close to disliked item 4 (cos 0.995): halved, so item 3 moves up; item 3 is brand
  // new, so freshness boosts it by 1 + 0.2; item 2's boost is 1 + 0.2·2^-10
  assert.deepEqual(trace.steps.get(2), [
    { rule: 'seen', action: 'moved', from: 2, to: 1 },
    { rule: 'dislike-similar', action: 'demoted', factor: 0.5 },
    { rule: 'dislike-similar', action: 'moved', from: 1, to: 2 },
    { rule: 'freshness', action: 'boosted', factor: 1.0002 },
  ]);
  assert.deepEqual(trace.steps.get(3)?.slice(-2), [
    { rule: 'dislike-similar', action: 'moved', from: 2, to: 1 },
    { rule: 'freshness', action: 'boosted', factor: 1.2 },
  ]);
});
