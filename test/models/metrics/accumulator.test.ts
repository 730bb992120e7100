import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RetrievalAccumulator } from '../../../src/models/metrics/accumulator.ts';

test('rank, coverage, popularity percentile and off-topic share by hand', () => {
  // 12 items (index 0 = OOV); popularity decreasing with index, so item 1 is the most popular
  const pop = Float64Array.from({ length: 12 }, (_, i) => (i === 0 ? 0 : 100 - i));
  const acc = new RetrievalAccumulator(12, pop);
  const scores = Float32Array.from({ length: 12 }, (_, i) => i); // item 11 best ... item 1 worst
  // target item 9, item 11 excluded: only item 10 is ahead -> rank 1; top 10 = items 10..1
  acc.add(scores, 0, 9, new Set([11]), (item) => item % 2 === 0);
  const r = acc.result();
  assert.equal(r.recall[10], 1);
  assert.equal(r.mrr, 1 / 2);
  assert.equal(r.coverage10, 10 / 11);
  assert.equal(r.offTopicShare, 0.5); // odd items are off-topic: 5 of 10
  // percentiles of items 1..10 are (0..9)/10, mean 0.45
  assert.ok(Math.abs(r.popularityPercentile - 0.45) < 1e-12);
});

test('exposure of the top 10: item Gini, provider Gini and the long-tail share', () => {
  // 12 items, popularity decreasing with index: the 20 % head is items 1, 2 and 3 (⌈2.2⌉)
  const pop = Float64Array.from({ length: 12 }, (_, i) => (i === 0 ? 0 : 100 - i));
  // providers: items 1..5 of provider 1, 6..11 of provider 2
  const provider = Int32Array.from({ length: 12 }, (_, i) => (i === 0 ? 0 : i <= 5 ? 1 : 2));
  const acc = new RetrievalAccumulator(12, pop, { provider, count: 3 });
  const scores = Float32Array.from({ length: 12 }, (_, i) => i);
  acc.add(scores, 0, 9, new Set([11]));
  const e = acc.result().exposure10!;
  // slots: items 1..10 once each, item 11 never: Gini of ten 1s and one 0 = 10/(11·10) = 1/11
  assert.ok(Math.abs(e.itemGini - 1 / 11) < 1e-12);
  // provider 1: 5 slots, provider 2: 5 slots (6..10)
  assert.equal(e.providerGini, 0);
  assert.equal(e.longTailShare, 7 / 10);
  assert.equal(new RetrievalAccumulator(12, pop).result().exposure10?.providerGini, undefined);
});
