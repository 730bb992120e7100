import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RULES } from '../../src/bundle/rules-config.ts';
import { DEFAULT_RECOMMENDER } from '../../src/serving/recommender-options.ts';

test('a page of 10 ranks 50 candidates by default, at most the 200 retrieved', () => {
  const d = DEFAULT_RECOMMENDER;
  const ranked = (k: number) => Math.min(d.candidates, Math.max(d.minCandidates, d.candidatesPerItem * k));
  assert.equal(ranked(10), 50);
  assert.equal(ranked(1), 50);
  assert.equal(ranked(100), 200);
  assert.ok(d.minCandidates <= d.candidates);
});

test('the default rules are the bundle defaults; caches are bounded', () => {
  assert.equal(DEFAULT_RECOMMENDER.rules, DEFAULT_RULES);
  assert.ok(DEFAULT_RECOMMENDER.cacheSize > 0 && Number.isInteger(DEFAULT_RECOMMENDER.cacheSize));
  assert.ok(DEFAULT_RECOMMENDER.similarCacheItems > 0);
});
