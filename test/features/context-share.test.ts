import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bandBoost, contextShareBoosts, type SituatedWatch } from '../../src/features/context-share.ts';

const SHORT = 60;
const LONG = 2000;
const MEDIUM = 600;
const morningMobile = ['device=mobile', 'daypart=morning'];
const eveningTv = ['device=tv', 'daypart=evening'];

/** A commuter: short items on mobile mornings, long ones on TV evenings, some medium anywhere. */
const history: SituatedWatch[] = [
  ...Array.from({ length: 8 }, () => ({ durationSec: SHORT, conditions: morningMobile })),
  ...Array.from({ length: 8 }, () => ({ durationSec: LONG, conditions: eveningTv })),
  ...Array.from({ length: 4 }, (_, i) => ({
    durationSec: MEDIUM,
    conditions: i % 2 ? morningMobile : eveningTv,
  })),
];

test("the post-filter promotes the band the user watches in this context, demotes the one they don't", () => {
  const b = contextShareBoosts(history, morningMobile, 2);
  assert.ok(bandBoost(b, SHORT, 1) > 0.3, `short ${bandBoost(b, SHORT, 1)}`);
  assert.ok(bandBoost(b, LONG, 1) < -0.8, `long ${bandBoost(b, LONG, 1)}`);
  const e = contextShareBoosts(history, eveningTv, 2);
  assert.ok(bandBoost(e, LONG, 1) > 0.3 && bandBoost(e, SHORT, 1) < -0.8);
  // A context list: a short item scored a little under a long one overtakes it on a mobile morning.
  const scores = { short: 1.0, long: 1.4 };
  assert.ok(scores.short + bandBoost(b, SHORT, 1) > scores.long + bandBoost(b, LONG, 1));
  assert.ok(scores.short + bandBoost(e, SHORT, 1) < scores.long + bandBoost(e, LONG, 1));
});

test('smoothing pulls toward the overall share; no history in the context, no change', () => {
  const weak = contextShareBoosts(history, morningMobile, 100_000);
  assert.ok(Math.abs(weak[0]) < 0.01 && Math.abs(weak[2]) < 0.01);
  assert.deepEqual([...contextShareBoosts(history, ['device=desktop'], 2)], [0, 0, 0]);
  assert.deepEqual([...contextShareBoosts([], morningMobile, 2)], [0, 0, 0]);
  assert.equal(bandBoost(contextShareBoosts(history, morningMobile, 2), SHORT, 0), 0, 'strength 0: off');
});
