import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocateRankerExamples } from '../../src/training/ranker-examples.ts';
import { rankerMetrics } from '../../src/training/ranker-metrics.ts';

/** Validation examples: [user, watched?, watch time] per row. */
function examples(rows: [number, 0 | 1, number][]) {
  const ex = allocateRankerExamples(rows.length, 1);
  rows.forEach(([u, label, wt], i) => {
    ex.user[i] = u;
    ex.labels[i] = label;
    ex.watchTime[i] = label ? wt : 0;
  });
  return ex;
}

// User 0: a long watch and a short one, one skip; user 1: one short watch, one skip.
const valid = examples([
  [0, 1, 300],
  [0, 1, 10],
  [0, 0, 0],
  [1, 1, 20],
  [1, 0, 0],
]);

test('a scorer that orders every watch above every skip: AUC 1, both ways, and ideal watch-time NDCG', () => {
  const m = rankerMetrics(valid, [0.9, 0.8, 0.1, 0.7, 0.2]);
  assert.equal(m.auc, 1);
  assert.equal(m.weightedAuc, 1);
  assert.equal(m.examples, 5);
  assert.equal(m.ndcg10WatchTime, 1);
  assert.equal(m.watchTimeTop10, (310 + 20) / 2, 'mean over users of their top-10 watch time');
});

test('reversed scores: AUC 0', () => {
  const m = rankerMetrics(valid, [0.1, 0.2, 0.9, 0.3, 0.8]);
  assert.equal(m.auc, 0);
  assert.equal(m.weightedAuc, 0);
  assert.ok(m.ndcg10WatchTime < 1);
});

test('the weighted AUC weighs each watch by its watch time, so missing the long watch costs more', () => {
  // The 300 s watch is scored under both skips, the short watches above them.
  const scores = [0.05, 0.9, 0.1, 0.8, 0.2];
  const m = rankerMetrics(valid, scores);
  // Plain: 2 of 3 watches beat both skips -> (2 * 2 + 0) / (3 * 2).
  assert.ok(Math.abs(m.auc - 4 / 6) < 1e-12);
  // Weighted: positives weigh 300, 10, 20 -> (10 * 2 + 20 * 2) / (330 * 2).
  assert.ok(Math.abs(m.weightedAuc - 60 / 660) < 1e-12);
  assert.ok(m.weightedAuc < m.auc);
});

test('no negatives to compare with: AUC 0.5, not a division by zero', () => {
  const m = rankerMetrics(
    examples([
      [0, 1, 5],
      [0, 1, 6],
    ]),
    [0.3, 0.4],
  );
  assert.equal(m.auc, 0.5);
  assert.equal(m.weightedAuc, 0.5);
  assert.equal(m.examples, 2);
});
