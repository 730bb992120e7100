import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auc, summarizeRanks } from '../../../src/models/metrics/metrics.ts';

test('summarizeRanks: recall, NDCG@10 and MRR by hand', () => {
  // ranks 0, 3, 50: recall@10 = 2/3; ndcg = (1/log2(2) + 1/log2(5)) / 3; mrr = (1 + 1/4 + 1/51) / 3
  const s = summarizeRanks([0, 3, 50], [10, 100]);
  assert.equal(s.recall[10], 2 / 3);
  assert.equal(s.recall[100], 1);
  assert.ok(Math.abs(s.ndcg10 - (1 + 1 / Math.log2(5)) / 3) < 1e-12);
  assert.ok(Math.abs(s.mrr - (1 + 0.25 + 1 / 51) / 3) < 1e-12);
});

test('auc: perfect, reversed, ties and weights', () => {
  assert.equal(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1);
  assert.equal(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 0);
  assert.equal(auc([0.5, 0.5], [0, 1]), 0.5);
  // positives p1 (score 0.3, weight 3) above the negative (0.2), p2 (0.1, weight 1) below: 3/4
  assert.equal(auc([0.3, 0.1, 0.2], [1, 1, 0], [3, 1, 1]), 0.75);
});
