import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RETENTION_SETTINGS as S } from '../../../src/config/groups/retention.ts';
import { resolveConfig } from '../../../src/config/settings.ts';

test('retention: off (0) by default, whole days up to ten years, a bad value names the variable', () => {
  assert.equal(S.eventRetentionDays.default, 0);
  assert.equal(S.impressionRetentionDays.default, 0);
  assert.equal(S.eventRetentionDays.parse('90', 'R'), 90);
  assert.equal(S.impressionRetentionDays.parse('3650', 'R'), 3650);
  for (const bad of ['-1', '1.5', '3651', 'abc'])
    assert.throws(
      () => S.eventRetentionDays.parse(bad, 'RECO_EVENT_RETENTION_DAYS'),
      /RECO_EVENT_RETENTION_DAYS/,
    );
  const cfg = resolveConfig({ 'impression-retention-days': '7' }, { RECO_EVENT_RETENTION_DAYS: '30' });
  assert.equal(cfg.eventRetentionDays, 30);
  assert.equal(cfg.impressionRetentionDays, 7);
});
