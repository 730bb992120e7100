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
