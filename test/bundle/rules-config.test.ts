import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RULES } from '../../src/bundle/rules-config.ts';
import { applyChain, createChain } from '../../src/serving/rules/chain.ts';
import { candidates, fixtureContext, itemIds } from '../helpers/rule-fixture.ts';

test('the defaults: no re-watching, dislikes demote, a week-long freshness half-life, diversity off', () => {
  assert.equal(DEFAULT_RULES.seen.rewatchAfterDays, 0);
  assert.ok(DEFAULT_RULES.dislike.similarity > 0 && DEFAULT_RULES.dislike.similarity <= 1);
  assert.ok(DEFAULT_RULES.dislike.nearFactor < 1 && DEFAULT_RULES.dislike.topicFactor < 1);
  assert.equal(DEFAULT_RULES.freshness.halfLifeDays, 7);
  assert.deepEqual(DEFAULT_RULES.diversity, { lambda: 1, maxPerTopic: 0 });
});

test('the defaults survive a JSON round trip (they travel in the manifest)', () => {
  assert.deepEqual(JSON.parse(JSON.stringify(DEFAULT_RULES)), DEFAULT_RULES);
});

test('with the defaults, a user with no history sees the list ordered by score and freshness only', () => {
  // nothing watched or disliked, diversity off: only freshness moves the new item 3 up
  const ctx = fixtureContext({ k: 5 });
  const out = applyChain(createChain(DEFAULT_RULES), candidates([1, 1.1], [2, 1.05], [3, 1], [4, 0.5]), ctx);
  assert.deepEqual(itemIds(out), [3, 1, 2, 4]);
});
