import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRecoError } from '../../src/errors.ts';
import {
  BUILT_IN_PLACEMENTS,
  NO_PLACEMENT,
  PlacementTable,
  pageSize,
  withPlacement,
} from '../../src/serving/placements.ts';

test('the built-ins: home, watch-next and email, each within its own k bounds', () => {
  const t = new PlacementTable();
  assert.deepEqual(
    t.list().map((p) => p.name),
    ['home', 'watch-next', 'email'],
  );
  for (const p of BUILT_IN_PLACEMENTS)
    assert.ok(p.defaultK >= 1 && p.defaultK <= p.maxK && p.maxK <= 100, p.name);
  assert.equal(t.get(undefined), NO_PLACEMENT);
  assert.equal(t.get('email').defaultK, 6);
});

test('configured placements change a built-in field by field, or add one', () => {
  const t = new PlacementTable({ email: { maxK: 30 }, 'push-1': { defaultK: 3, rules: { maxPerTopic: 1 } } });
  const email = t.get('email');
  assert.equal(email.maxK, 30);
  assert.equal(email.defaultK, 6, 'kept');
  assert.deepEqual(email.sources, { fresh: 20 }, 'kept');
  const push = t.get('push-1');
  assert.deepEqual([push.defaultK, push.maxK, push.rules], [3, 100, { maxPerTopic: 1 }]);
  assert.throws(() => new PlacementTable({ x: { defaultK: 20, maxK: 10 } }), /defaultK 20 is over maxK 10/);
});

test('an unknown placement is 400 UNKNOWN_PLACEMENT naming the known ones', () => {
  assert.throws(
    () => new PlacementTable().get('homepage'),
    (e) =>
      isRecoError(e) &&
      e.code === 'UNKNOWN_PLACEMENT' &&
      e.statusCode === 400 &&
      e.message.includes('home, watch-next, email'),
  );
});

test('page size: the default without k, k within maxK, a 400 naming k beyond', () => {
  const p = { ...NO_PLACEMENT, name: 'x', defaultK: 4, maxK: 8 };
  assert.equal(pageSize(undefined, p), 4);
  assert.equal(pageSize(8, p), 8);
  assert.throws(
    () => pageSize(9, p),
    (e) => isRecoError(e) && (e.details as { field: string }[])[0].field === 'k',
  );
});

test("the request's rule overrides and quotas win over the placement's; undefined ones do not", () => {
  const p = { ...NO_PLACEMENT, rules: { maxPerTopic: 2, freshnessBoost: 1 }, sources: { fresh: 20 } };
  assert.deepEqual(withPlacement({ rules: { maxPerTopic: 5, diversityLambda: undefined } }, p), {
    rules: { maxPerTopic: 5, freshnessBoost: 1 },
    sources: { fresh: 20 },
  });
  assert.deepEqual(withPlacement({ rules: { maxPerTopic: undefined } }, NO_PLACEMENT), {
    rules: { maxPerTopic: undefined },
    sources: undefined,
  });
});
