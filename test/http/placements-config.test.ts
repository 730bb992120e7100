import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placementsFromSetting } from '../../src/http/placements-config.ts';

test('empty: the built-ins; a mapping changes and adds placements', () => {
  assert.deepEqual(
    placementsFromSetting('')
      .list()
      .map((p) => p.name),
    ['home', 'watch-next', 'email'],
  );
  const t = placementsFromSetting(
    JSON.stringify({
      email: { maxK: 40 },
      push: { defaultK: 3, sources: { trending: 20 }, rules: { maxPerTopic: 1 } },
    }),
  );
  assert.equal(t.get('email').maxK, 40);
  assert.deepEqual(t.get('push').sources, { trending: 20 });
});

test('a bad placement stops start-up with a ConfigError naming it and the field', () => {
  for (const [json, pattern] of [
    [{ email: { maxK: 101 } }, /placements: email\/maxK/],
    [{ email: { rules: { maxPerTopic: -1 } } }, /placements: email\/rules\/maxPerTopic/],
    [{ email: { sources: { nope: 3 } } }, /placements: email\/sources/],
    [{ email: { color: 'red' } }, /placements: email/],
    [{ 'Bad Name': {} }, /a name is 1-64/],
    [{ x: { defaultK: 30, maxK: 10 } }, /defaultK 30 is over maxK 10/],
    [{ x: 3 }, /placements: x/],
  ] as const)
    assert.throws(
      () => placementsFromSetting(JSON.stringify(json)),
      (e) => (e as { code?: string }).code === 'CONFIG_INVALID' && pattern.test((e as Error).message),
      JSON.stringify(json),
    );
});
