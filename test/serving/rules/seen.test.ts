import assert from 'node:assert/strict';
import { test } from 'node:test';
import { removeWatched } from '../../../src/serving/rules/seen.ts';
import { candidates, DAY, fixtureContext, fixtureUser, itemIds, NOW } from '../../helpers/rule-fixture.ts';

test('seen: never shows a watched item again when rewatchAfterDays is 0, however old the watch', () => {
  const user = fixtureUser([
    [1, NOW - 1000 * DAY],
    [3, NOW],
  ]);
  const rule = removeWatched({ rewatchAfterDays: 0 });
  assert.deepEqual(itemIds(rule.apply(candidates([1, 3], [2, 2], [3, 1]), fixtureContext({ user }))), [2]);
});

test('seen: a watch strictly older than rewatchAfterDays lets the item back; exactly that old does not', () => {
  const user = fixtureUser([
    [1, NOW - 7 * DAY],
    [2, NOW - 7 * DAY - 1],
    [4, NOW - 6 * DAY],
  ]);
  const rule = removeWatched({ rewatchAfterDays: 7 });
  const ctx = fixtureContext({ user });
  assert.deepEqual(itemIds(rule.apply(candidates([1, 4], [2, 3], [4, 2], [5, 1]), ctx)), [2, 5]);
  assert.equal(rule.keeps?.(1, ctx), false);
  assert.equal(rule.keeps?.(2, ctx), true);
});

test('seen: a filter the serving path may run before ranking, with a reason for the trace', () => {
  const rule = removeWatched({ rewatchAfterDays: 0 });
  assert.equal(rule.name, 'seen');
  assert.equal(rule.why, 'already watched');
  assert.equal(typeof rule.keeps, 'function');
});
