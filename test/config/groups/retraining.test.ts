import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RETRAINING_SETTINGS as S } from '../../../src/config/groups/retraining.ts';
import { DAY_MS } from '../../../src/foundation/time.ts';

test('intervals: 0 turns polling and retraining off; at most a day and 30 days', () => {
  assert.equal(S.reloadIntervalMs.parse('0', 'R'), 0);
  assert.equal(S.reloadIntervalMs.parse(String(DAY_MS), 'R'), DAY_MS);
  assert.throws(() => S.reloadIntervalMs.parse(String(DAY_MS + 1), 'RECO_RELOAD_INTERVAL_MS'));
  assert.equal(S.retrainIntervalMs.default, 0, 'no retraining unless asked');
  assert.equal(S.retrainIntervalMs.parse(String(30 * DAY_MS), 'R'), 30 * DAY_MS);
});

test('event thresholds: a retrain needs at least one new event; the bootstrap may be off (0)', () => {
  assert.throws(() => S.retrainMinEvents.parse('0', 'RECO_RETRAIN_MIN_EVENTS'), /\[1, /);
  assert.equal(S.bootstrapMinEvents.parse('0', 'B'), 0);
});

test('the shrink guard: a share between 0 and 1; bundles kept: any count from 0', () => {
  assert.equal(S.retrainMaxShrink.parse('0.05', 'S'), 0.05);
  assert.throws(
    () => S.retrainMaxShrink.parse('5', 'RECO_RETRAIN_MAX_SHRINK'),
    /expected a number in \[0, 1\]/,
  );
  assert.equal(S.keepBundles.parse('0', 'K'), 0);
  assert.equal(S.retrainDataDir.parse(''), '', 'empty: the store alone');
});
