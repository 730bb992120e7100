import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ItemTable } from '../../../src/features/item-table.ts';
import { mmr, topicCap } from '../../../src/serving/rules/diversity.ts';
import { candidates, fixtureContext, itemIds } from '../../helpers/rule-fixture.ts';

test('mmr: λ 1 or a list of one is returned unchanged', () => {
  const l = candidates([1, 3], [2, 2], [3, 1]);
  assert.deepEqual(mmr({ lambda: 1, maxPerTopic: 0 }).apply(l, fixtureContext()), l);
  const one = candidates([1, 3]);
  assert.deepEqual(mmr({ lambda: 0, maxPerTopic: 0 }).apply(one, fixtureContext()), one);
});

test('mmr: the best item stays first; a near-duplicate of it drops behind a dissimilar one', () => {
  // 2 is identical to 1, 3 orthogonal: with λ 0.5, 3 (rel 0, sim 0) beats 2 (rel ~1, sim 1)
  const out = mmr({ lambda: 0.5, maxPerTopic: 0 }).apply(
    candidates([1, 100], [2, 99], [3, 1]),
    fixtureContext({ k: 3 }),
  );
  assert.deepEqual(itemIds(out), [1, 3, 2]);
});

test('mmr: only the first 3k candidates are reordered; the tail keeps its order and nothing is lost', () => {
  const l = candidates([1, 60], [2, 50], [3, 40], [4, 30], [5, 20], [6, 10]);
  const out = mmr({ lambda: 0, maxPerTopic: 0 }).apply(l, fixtureContext({ k: 1 }));
  assert.deepEqual(itemIds(out).slice(3), [4, 5, 6], 'beyond 3k: as given');
  assert.equal(out[0].item, 1, 'the first pick of equal novelty is the most relevant');
  assert.deepEqual([...itemIds(out)].sort(), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(
    out.map((c) => c.score),
    out.map((c) => l.find((x) => x.item === c.item)!.score),
    'scores are not changed, only the order',
  );
});

test('mmr: equal scores count as equally relevant (no division by zero)', () => {
  const out = mmr({ lambda: 0.5, maxPerTopic: 0 }).apply(
    candidates([1, 1], [2, 1], [3, 1]),
    fixtureContext({ k: 3 }),
  );
  assert.deepEqual(itemIds(out), [1, 3, 2]);
});

test('topic cap: maxPerTopic 0 is off', () => {
  const l = candidates([1, 3], [2, 2], [3, 1]);
  assert.deepEqual(itemIds(topicCap({ lambda: 1, maxPerTopic: 0 }).apply(l, fixtureContext())), [1, 2, 3]);
});

test('topic cap: the best item of an under-cap topic takes each position; the rest keeps its order', () => {
  // topics: 1 A, 2 A, 3 A, 4 B, 5 B, 6 C
  const l = candidates([1, 6], [2, 5], [3, 4], [4, 3], [5, 2], [6, 1]);
  const out = topicCap({ lambda: 1, maxPerTopic: 1 }).apply(l, fixtureContext({ k: 4 }));
  assert.deepEqual(itemIds(out), [1, 4, 6, 2, 3, 5]);
});

test('topic cap: the count restarts every page of 10 positions', () => {
  const n = 21;
  const items: ItemTable = {
    topic: new Int32Array(n + 1).fill(1),
    durationSec: new Float32Array(n + 1),
    publishedAt: new Float64Array(n + 1),
    watches: new Float64Array(n + 1),
    recentWatches: new Float64Array(n + 1),
  };
  // items 1..10 of topic 1, 11..21 of topic 2 (every topic-1 item scores higher)
  for (let i = 11; i <= n; i++) items.topic[i] = 2;
  const l = candidates(...Array.from({ length: n }, (_, i) => [i + 1, n - i] as [number, number]));
  const out = itemIds(topicCap({ lambda: 1, maxPerTopic: 5 }).apply(l, fixtureContext({ items, k: 20 })));
  const page = (p: number) => out.slice(p * 10, p * 10 + 10).map((i) => items.topic[i]);
  assert.deepEqual(page(0), [1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
  assert.deepEqual(page(1), [1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
  assert.equal(out.length, n);
});
