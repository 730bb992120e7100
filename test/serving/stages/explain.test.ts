import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Candidate } from '../../../src/serving/rules/rule.ts';
import { newTrace, present } from '../../../src/serving/stages/explain.ts';

const ids = ['', 'a', 'b', 'c'];
const final: Candidate[] = [
  { item: 3, score: 0.9, retrievalScore: 1.5, retrievalRank: 4, rankerScore: 120 },
  { item: 1, score: 0.5, retrievalScore: 2, retrievalRank: 0, rankerScore: 30 },
];

test('without explain: ids, scores and 1-based ranks, nothing else', () => {
  assert.equal(newTrace(false), undefined);
  assert.deepEqual(present(ids, final, undefined), {
    items: [
      { itemId: 'c', score: 0.9, rank: 1 },
      { itemId: 'a', score: 0.5, rank: 2 },
    ],
  });
});

test('with explain: each item says what retrieval, the ranker and the rules did; removed ones say why', () => {
  const trace = newTrace(true)!;
  trace.steps.set(3, [{ rule: 'freshness', action: 'boosted', factor: 1.5 }]);
  trace.removed.push({ item: 2, rule: 'seen', reason: 'already watched' });
  const out = present(ids, final, trace);
  assert.deepEqual(out.items[0].explain, {
    retrievalScore: 1.5,
    retrievalRank: 5,
    rankerScore: 120,
    rules: [{ rule: 'freshness', action: 'boosted', factor: 1.5 }],
  });
  assert.deepEqual(out.items[1].explain?.rules, []);
  assert.deepEqual(out.removed, [{ itemId: 'b', rule: 'seen', reason: 'already watched' }]);
});
