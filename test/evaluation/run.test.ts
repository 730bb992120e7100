import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateSearches } from '../../src/data/demo/searches.ts';
import { generateWorld } from '../../src/data/demo/world.ts';
import { CONTEXT_MODELS } from '../../src/evaluation/kinds/registry.ts';
import { DEFAULT_EVAL, EVAL_MODELS, evaluate } from '../../src/evaluation/run.ts';
import { createProgress } from '../../src/training/progress.ts';

const world = generateWorld({ seed: 5, scale: 0.05 });
const dataset = { ...world, source: 'tiny' };

test('evaluate: one result per requested model, in the order asked, on the held-out watches', async () => {
  const r = await evaluate(
    dataset,
    { ...DEFAULT_EVAL, models: ['popular', 'item-knn'] },
    createProgress(false),
  );
  assert.deepEqual(
    r.results.map((x) => x.model),
    ['popular', 'item-knn'],
  );
  assert.equal(r.split, 'leave-last-out');
  assert.equal(r.data.source, 'tiny');
  assert.equal(r.data.items, world.items.length);
  assert.equal(r.data.events, world.events.length);
  assert.ok(r.data.testUsers > 0 && r.data.testUsers <= r.data.users);
  for (const m of r.results) {
    assert.equal(m.users, r.data.testUsers);
    for (const k of [10, 50, 100, 200]) assert.ok(m.recall[k] >= 0 && m.recall[k] <= 1);
    assert.ok(m.recall[10] <= m.recall[50] && m.recall[50] <= m.recall[200], 'recall grows with K');
    assert.ok(m.offTopicShare !== undefined, 'the demo world plants topics');
  }
  assert.ok(r.truthOffTopicShare !== undefined && r.truthOffTopicShare >= 0 && r.truthOffTopicShare <= 1);
  assert.ok(
    r.results[1].coverage10 > r.results[0].coverage10,
    'a personal model covers more of the catalogue than one list for all',
  );
});

test('the same data gives the same figures (no hidden randomness in the split)', async () => {
  const opts = { ...DEFAULT_EVAL, models: ['popular' as const] };
  const a = await evaluate(dataset, opts, createProgress(false));
  const b = await evaluate(dataset, opts, createProgress(false));
  assert.deepEqual(a, b);
});

test('the defaults run every kind but the opt-in source and context comparisons', () => {
  assert.deepEqual(
    DEFAULT_EVAL.models,
    [...EVAL_MODELS].filter(
      (m) =>
        m !== 'served-sources' &&
        m !== 'softmax-no-search' &&
        (m === 'softmax' || !CONTEXT_MODELS.includes(m)),
    ),
  );
  assert.ok(EVAL_MODELS.includes('served-sources'));
});

test('--users few-watches: the metrics count only the few-watch searchers, on the same training', async () => {
  const { items, events, truth, meta } = world;
  const searches = generateSearches(
    { items, events, userTopics: truth.userTopics, topics: meta.topics },
    meta.seed,
  );
  const opts = { ...DEFAULT_EVAL, models: ['popular' as const] };
  const all = await evaluate({ ...dataset, searches }, opts, createProgress(false));
  const few = await evaluate(
    { ...dataset, searches },
    { ...opts, users: 'few-watches' },
    createProgress(false),
  );
  assert.ok(few.data.testUsers > 0 && few.data.testUsers < all.data.testUsers);
  assert.equal(few.results[0].users, few.data.testUsers);
  assert.match(few.data.testSubset ?? '', /≤ 3 watches/);
  assert.equal(all.data.testSubset, undefined);
});
