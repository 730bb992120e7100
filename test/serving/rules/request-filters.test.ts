import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasFilters, requestFilter } from '../../../src/serving/rules/request-filters.ts';
import { candidates, DAY, fixtureContext, itemIds } from '../../helpers/rule-fixture.ts';

const all = () => candidates([1, 6], [2, 5], [3, 4], [4, 3], [5, 2], [6, 1]);

test('hasFilters: any one of the three filters counts, an empty set too', () => {
  assert.equal(hasFilters({}), false);
  assert.equal(hasFilters({ topics: new Set() }), true);
  assert.equal(hasFilters({ excludeTopics: new Set([1]) }), true);
  assert.equal(hasFilters({ maxAgeDays: 0 }), true);
});

test('topics keeps only those topics; an empty topic set keeps nothing', () => {
  const ctx = fixtureContext();
  assert.deepEqual(itemIds(requestFilter({ topics: new Set([2, 3]) }).apply(all(), ctx)), [4, 5, 6]);
  assert.deepEqual(requestFilter({ topics: new Set() }).apply(all(), ctx), []);
});

test('excluded topics win over included ones', () => {
  const f = requestFilter({ topics: new Set([1, 2]), excludeTopics: new Set([1]) });
  assert.deepEqual(itemIds(f.apply(all(), fixtureContext())), [4, 5]);
});

test('maxAgeDays is inclusive: an item exactly that old stays', () => {
  const ctx = fixtureContext();
  // items 1, 2, 4, 5, 6 are 70 days old, item 3 is new
  assert.deepEqual(itemIds(requestFilter({ maxAgeDays: 69 }).apply(all(), ctx)), [3]);
  assert.deepEqual(itemIds(requestFilter({ maxAgeDays: 70 }).apply(all(), ctx)), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(
    itemIds(requestFilter({ maxAgeDays: 0 }).apply(all(), { ...ctx, now: ctx.now + DAY })),
    [],
    'a day later even item 3 is too old for 0 days',
  );
});

test('the filter is a pre-ranking filter naming its reason', () => {
  const f = requestFilter({ excludeTopics: new Set([3]) });
  assert.equal(f.name, 'request-filter');
  assert.equal(f.keeps?.(6, fixtureContext()), false);
  assert.match(f.why ?? '', /request filters/);
});
