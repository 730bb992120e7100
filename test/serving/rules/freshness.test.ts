import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshness } from '../../../src/serving/rules/freshness.ts';
import { candidates, DAY, fixtureContext, itemIds, NOW } from '../../helpers/rule-fixture.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);

test('freshness: a brand-new item gets score × (1 + boost); one half-life old gets half the boost', () => {
  const ctx = fixtureContext();
  ctx.items.publishedAt[1] = NOW - 7 * DAY;
  ctx.items.publishedAt[2] = NOW - 14 * DAY;
  const out = freshness({ boost: 0.2, halfLifeDays: 7 }).apply(candidates([3, 1], [1, 1], [2, 1]), ctx);
  const by = new Map(out.map((c) => [c.item, c.score]));
  close(by.get(3)!, 1.2);
  close(by.get(1)!, 1.1);
  close(by.get(2)!, 1.05);
});

test('freshness: an item "published" in the future counts as brand new (clock skew), and it re-sorts', () => {
  const ctx = fixtureContext();
  ctx.items.publishedAt[4] = NOW + 5 * DAY;
  const out = freshness({ boost: 1, halfLifeDays: 1 }).apply(candidates([1, 1.5], [4, 1]), ctx);
  assert.deepEqual(itemIds(out), [4, 1]);
  close(out[0].score, 2);
  assert.equal(out[0].rankerScore, 1, 'only the current score moves');
});

test('freshness: boost 0 leaves scores and order exactly as they were', () => {
  const l = candidates([1, 2], [3, 1]);
  const out = freshness({ boost: 0, halfLifeDays: 7 }).apply(l, fixtureContext());
  assert.deepEqual(out, l);
  assert.notEqual(out, l);
});
