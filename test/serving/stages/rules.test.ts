import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVocab } from '../../../src/data/vocab.ts';
import type { ItemTable } from '../../../src/features/item-table.ts';
import { DEFAULT_RULES } from '../../../src/serving/rules/chain.ts';
import type { Candidate, Rule, RuleContext } from '../../../src/serving/rules/rule.ts';
import { newTrace } from '../../../src/serving/stages/explain.ts';
import {
  bundleRules,
  finishRules,
  hasOverrides,
  planRules,
  prefilter,
  requestChain,
  resolveFilters,
  withOverrides,
} from '../../../src/serving/stages/rules.ts';

const DAY = 86_400_000;
const NOW = 100 * DAY;
// items 1..4 on topics A, A, B, B, all published long ago, embeddings far apart
const items: ItemTable = {
  topic: Int32Array.from([0, 1, 1, 2, 2]),
  durationSec: new Float32Array(5).fill(100),
  publishedAt: new Float64Array(5),
  watches: new Float64Array(5),
  recentWatches: new Float64Array(5),
};
const vectors = Float32Array.from([0, 0, 1, 0, 0, 1, -1, 0, 0, -1]);
const ctx = (k: number): RuleContext => ({
  user: { watched: [2], watchedAt: new Map([[2, NOW - DAY]]), disliked: new Set([4]) },
  items,
  vectors,
  dim: 2,
  now: NOW,
  k,
});
const cand = (item: number, score: number, retrievalRank: number): Candidate => ({
  item,
  score,
  retrievalScore: score,
  retrievalRank,
  rankerScore: score,
});

test('topic names resolve to the bundle topic indices; unknown names to 0', () => {
  const topics = createVocab(['A', 'B']);
  const f = resolveFilters(topics, { topics: ['B', 'nope'], maxAgeDays: 3 });
  assert.deepEqual([...(f.topics ?? [])], [2, 0]);
  assert.equal(f.excludeTopics, undefined);
  assert.equal(f.maxAgeDays, 3);
});

test('overrides replace only the parameters they name', () => {
  assert.equal(hasOverrides(undefined), false);
  assert.equal(hasOverrides({}), false);
  assert.equal(hasOverrides({ maxPerTopic: 1 }), true);
  const cfg = withOverrides(DEFAULT_RULES, { diversityLambda: 0.3 });
  assert.equal(cfg.diversity.lambda, 0.3);
  assert.equal(cfg.diversity.maxPerTopic, DEFAULT_RULES.diversity.maxPerTopic);
  assert.deepEqual(cfg.freshness, DEFAULT_RULES.freshness);
  assert.equal(withOverrides(DEFAULT_RULES, undefined), DEFAULT_RULES);
});

test('the bundle rules win over the service defaults', () => {
  const own = { ...DEFAULT_RULES, seen: { rewatchAfterDays: 9 } };
  assert.equal(bundleRules({ rules: own }, DEFAULT_RULES), own);
  assert.equal(bundleRules({}, DEFAULT_RULES), DEFAULT_RULES);
});

test('a plain request shares the bundle chain; a filtered or overridden one gets its own', () => {
  const shared: Rule[] = [];
  let built = 0;
  const get = () => {
    built++;
    return shared;
  };
  assert.equal(requestChain(DEFAULT_RULES, undefined, {}, get), shared);
  assert.equal(built, 1);
  const filtered = requestChain(DEFAULT_RULES, undefined, { maxAgeDays: 1 }, get);
  assert.deepEqual(
    filtered.slice(0, 2).map((r) => r.name),
    ['hidden', 'request-filter'],
    'the catalogue filter first, then the request filter',
  );
  assert.notEqual(requestChain(DEFAULT_RULES, { maxPerTopic: 1 }, {}, get), shared);
  assert.equal(built, 1);
});

test('filters drop watched and disliked items before ranking, the rest shape the ranked list', () => {
  const chain = requestChain(DEFAULT_RULES, { maxPerTopic: 9 }, {}, () => []);
  const plan = planRules(chain, ctx(1), newTrace(true));
  assert.ok(plan.filters.every((r) => r.keeps));
  assert.ok(plan.rest.every((r) => !r.keeps));
  const found = { items: [1, 2, 3, 4], scores: [4, 3, 2, 1] };
  const kept = prefilter(plan, found);
  assert.deepEqual(kept, [0, 2], 'positions of items 1 and 3');
  assert.deepEqual(plan.trace?.removed.map((r) => r.item).sort(), [2, 4]);
  const final = finishRules(plan, [cand(3, 5, 2), cand(1, 4, 0)]);
  assert.deepEqual(
    final.map((c) => c.item),
    [3],
    'cut to k',
  );
});

test('withOverrides: the fair-exposure overrides, over a bundle written before those rules existed', () => {
  const { providerCap: _cap, longTail: _tail, ...old } = DEFAULT_RULES;
  assert.equal(hasOverrides({ maxPerProvider: 2 }), true);
  assert.equal(hasOverrides({ longTailMin: undefined }), false);
  const cfg = withOverrides(old, { maxPerProvider: 2, longTailMin: 1, longTailMargin: 0.5 });
  assert.deepEqual(cfg.providerCap, { maxPerProvider: 2 });
  assert.deepEqual(cfg.longTail, { minItems: 1, headPercent: 20, margin: 0.5 });
  assert.deepEqual(withOverrides(DEFAULT_RULES, { longTailHeadPercent: 5 }).longTail, {
    minItems: 0,
    headPercent: 5,
    margin: 0.2,
  });
  assert.deepEqual(withOverrides(DEFAULT_RULES, { maxPerTopic: 1 }).providerCap, DEFAULT_RULES.providerCap);
});
