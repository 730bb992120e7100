import assert from 'node:assert/strict';
import { test } from 'node:test';
import { watchTimeMetrics } from '../../../src/models/metrics/watch-time.ts';

test('watch time of the top 10 and NDCG@10 with watch-time gain, by hand', () => {
  // user 0: rows 0..2 with watch times [0, 30, 10], scores rank them 0 > 2 > 1
  //   DCG = 0/1 + 10/log2(3) + 30/log2(4) = 6.309 + 15 ; ideal = 30/1 + 10/log2(3) = 30 + 6.309
  // user 1: no watched impression -> left out
  const m = watchTimeMetrics([0, 0, 0, 1], [0.9, 0.1, 0.5, 0.7], [0, 30, 10, 0]);
  assert.equal(m.users, 1);
  assert.equal(m.watchTimeTop10, 40);
  const dcg = 10 / Math.log2(3) + 30 / 2;
  const ideal = 30 + 10 / Math.log2(3);
  assert.ok(Math.abs(m.ndcg10WatchTime - dcg / ideal) < 1e-12);
});
