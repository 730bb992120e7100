import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveConfig } from '../../../src/config/settings.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('paging and batch settings: defaults, and their bounds', () => {
  const cfg = resolveConfig({}, {});
  assert.deepEqual(
    [cfg.pageTtlMs, cfg.pageCacheEntries, cfg.pageCacheBytes, cfg.batchUserBudgetMs, cfg.placements],
    [60_000, 20_000, 64 * 2 ** 20, 2000, ''],
  );
  assert.equal(resolveConfig({ 'page-ttl': '0' }, {}).pageTtlMs, 0);
  assert.throws(() => resolveConfig({}, { RECO_PAGE_TTL_MS: '-1' }), /RECO_PAGE_TTL_MS/);
  assert.throws(() => resolveConfig({}, { RECO_BATCH_USER_BUDGET_MS: '0' }), /RECO_BATCH_USER_BUDGET_MS/);
});

test('placements: a mapping in the configuration file, JSON in the environment', () => {
  const dir = tempDir('reco-lists-settings-');
  const file = join(dir, 'reco.yaml');
  writeFileSync(file, 'placements:\n  email:\n    maxK: 30\n    rules:\n      maxPerTopic: 1\n');
  const cfg = resolveConfig({ config: file }, {});
  assert.deepEqual(JSON.parse(cfg.placements), { email: { maxK: 30, rules: { maxPerTopic: 1 } } });
  assert.equal(
    resolveConfig({}, { RECO_PLACEMENTS: '{"push":{"defaultK":3}}' }).placements,
    '{"push":{"defaultK":3}}',
  );
  assert.throws(() => resolveConfig({}, { RECO_PLACEMENTS: '[1]' }), /RECO_PLACEMENTS: expected a mapping/);
  assert.throws(() => resolveConfig({}, { RECO_PLACEMENTS: '{' }), /RECO_PLACEMENTS: expected a JSON object/);
  writeFileSync(file, 'port:\n  a: 1\n');
  assert.throws(() => resolveConfig({ config: file }, {}), /port: expected a number, string or boolean/);
});
