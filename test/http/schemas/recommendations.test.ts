import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import {
  getRecommendationsSchema,
  getSimilarSchema,
  RecommendationParamsSchema,
  RecommendationQuerySchema,
  RecommendationSchema,
  SimilarItemsSchema,
  SimilarQuerySchema,
} from '../../../src/http/schemas/recommendations.ts';

// Query strings as the app reads them: coerced, defaults filled in.
const text = new Ajv({ coerceTypes: 'array', useDefaults: true, strict: false });
const json = new Ajv({ strict: false });
const query = text.compile(RecommendationQuerySchema);

test('the recommendation query: explain false unless given; k left to the placement', () => {
  const q: Record<string, unknown> = {};
  assert.equal(query(q), true);
  assert.deepEqual(q, { explain: false });
  const given: Record<string, unknown> = { k: '25', explain: 'true', diversityLambda: '0.9', topics: 'a,b' };
  assert.equal(query(given), true);
  assert.deepEqual(given, { k: 25, explain: true, diversityLambda: 0.9, topics: 'a,b' });
});

test('the recommendation query: bounds and closed to unknown parameters', () => {
  const bad: Record<string, unknown>[] = [
    { k: '0' },
    { k: '101' },
    { diversityLambda: '1.5' },
    { freshnessBoost: '-1' },
    { freshnessBoost: '101' },
    { maxPerTopic: '2.5' },
    { maxAgeDays: '-1' },
    { device: 'd'.repeat(65) },
    { topics: 't'.repeat(2049) },
    { kk: '3' },
    { exclude: 'x'.repeat(16_385) },
    { cursor: '' },
    { placement: 'p'.repeat(65) },
  ];
  for (const q of bad) assert.equal(query(q), false, JSON.stringify(q));
  assert.equal(query({ k: '100', diversityLambda: '0', maxPerTopic: '0', maxAgeDays: '0' }), true);
});

test('a user id is 1 to 256 characters', () => {
  const params = text.compile(RecommendationParamsSchema);
  assert.equal(params({ userId: 'u' }), true);
  assert.equal(params({ userId: '' }), false);
  assert.equal(params({ userId: 'u'.repeat(257) }), false);
});

test('a recommendation: ranked items from rank 1, explain and removed optional', () => {
  const rec = json.compile(RecommendationSchema);
  const item = { itemId: 'i', score: 1.2, rank: 1 };
  const ids = { recommendationId: 'r', nextCursor: null };
  assert.equal(rec({ userId: 'u', modelVersion: 'v', items: [item], ...ids }), true);
  assert.equal(rec({ userId: 'u', modelVersion: 'v', items: [item], ...ids, nextCursor: 'c' }), true);
  assert.equal(rec({ userId: 'u', modelVersion: 'v', items: [item] }), false, 'the id is required');
  assert.equal(rec({ userId: 'u', modelVersion: 'v', items: [{ ...item, rank: 0 }], ...ids }), false);
  assert.equal(rec({ userId: 'u', items: [], ...ids }), false, 'the version that answered is required');
  const explained = {
    ...item,
    explain: {
      retrievalScore: 0.3,
      retrievalRank: 4,
      rules: [{ rule: 'freshness', action: 'boosted', factor: 1.1 }],
    },
  };
  assert.equal(
    rec({
      userId: 'u',
      modelVersion: 'v',
      ...ids,
      items: [explained],
      removed: [{ itemId: 'x', rule: 'r', reason: 'y' }],
    }),
    true,
  );
  const badAction = {
    ...item,
    explain: { ...explained.explain, rules: [{ rule: 'r', action: 'shuffled' }] },
  };
  assert.equal(rec({ userId: 'u', modelVersion: 'v', ...ids, items: [badAction] }), false);
});

test('similar items: k defaults to 10, an optional user, and the answer shape', () => {
  const q = text.compile(SimilarQuerySchema);
  const none: Record<string, unknown> = {};
  assert.equal(q(none), true);
  assert.deepEqual(none, { k: 10 });
  assert.equal(q({ userId: '' }), false);
  assert.equal(q({ explain: 'true' }), false, 'closed to unknown parameters');
  const ok = json.compile(SimilarItemsSchema);
  assert.equal(ok({ itemId: 'i', modelVersion: 'v', items: [{ itemId: 'j', score: 0.5, rank: 1 }] }), true);
  assert.equal(ok({ itemId: 'i', modelVersion: 'v', items: [{ itemId: 'j', rank: 1 }] }), false);
});

test('only similar items can answer 404; both need a key and can be rate limited', () => {
  assert.ok(!('404' in getRecommendationsSchema.response));
  assert.ok('404' in getSimilarSchema.response);
  for (const s of [getRecommendationsSchema, getSimilarSchema]) {
    assert.ok('401' in s.response && '429' in s.response && '503' in s.response);
    assert.deepEqual(s.tags, ['recommendations']);
  }
});
