import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextShare } from '../../../src/serving/rules/context-share.ts';
import { candidates, fixtureContext, fixtureUser, itemIds, NOW } from '../../helpers/rule-fixture.ts';

const HOUR = 3_600_000;
const day0 = Math.floor(NOW / (24 * HOUR)) * 24 * HOUR;

/**
 * Known answer: the user watched short items (1, 2) in the mornings and long ones (3, 4) in
 * the evenings; asked in the morning, short candidates gain on long ones, in the evening the
 * other way round.
 */
function ctxAt(hour: number) {
  const ctx = fixtureContext({
    user: fixtureUser([
      [1, day0 - 3 * 24 * HOUR + 7 * HOUR],
      [2, day0 - 2 * 24 * HOUR + 8 * HOUR],
      [3, day0 - 3 * 24 * HOUR + 20 * HOUR],
      [4, day0 - 2 * 24 * HOUR + 21 * HOUR],
    ]),
    now: day0 + hour * HOUR,
  });
  for (const i of [1, 2, 5]) ctx.items.durationSec[i] = 60;
  for (const i of [3, 4, 6]) ctx.items.durationSec[i] = 2000;
  return ctx;
}

test('context-share promotes the band the user watches at this time of day, demotes the other', () => {
  const rule = contextShare({ strength: 1, smoothing: 1 });
  const list = candidates([6, 1.2], [5, 1]);
  assert.deepEqual(itemIds(rule.apply(list, ctxAt(8))), [5, 6], 'morning: the short item first');
  assert.deepEqual(itemIds(rule.apply(list, ctxAt(20))), [6, 5], 'evening: the long item first');
  const out = rule.apply(list, ctxAt(8));
  assert.ok(out[0].score > 1 && out[1].score < 1.2);
});

test('context-share at strength 0 leaves the list as it was; no watches in this daypart, no change', () => {
  const list = candidates([6, 1.2], [5, 1]);
  assert.deepEqual(contextShare({ strength: 0, smoothing: 1 }).apply(list, ctxAt(8)), list);
  const night = contextShare({ strength: 1, smoothing: 1 }).apply(list, ctxAt(2));
  assert.deepEqual(
    night.map((c) => c.score),
    [1.2, 1],
  );
});
