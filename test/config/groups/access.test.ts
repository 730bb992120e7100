import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCESS_SETTINGS as S } from '../../../src/config/groups/access.ts';

test("keys and key files are taken as given (their format is the key ring's business)", () => {
  for (const k of ['apiKeys', 'adminKeys', 'apiKeysFile', 'adminKeysFile'] as const)
    assert.equal(S[k].parse(' a, sha256:ff '), ' a, sha256:ff ');
  assert.equal(S.apiKeys.default, '');
  assert.equal(S.apiKeys.secret, true);
  assert.equal(S.adminKeys.secret, true);
});

test('who may read metrics and docs: the listed modes only', () => {
  assert.equal(S.metricsAccess.parse('key', 'M'), 'key');
  assert.throws(() => S.metricsAccess.parse('off', 'RECO_METRICS_ACCESS'), /expected one of open, key/);
  assert.equal(S.docsAccess.parse('off', 'D'), 'off');
  assert.throws(() => S.docsAccess.parse('closed', 'RECO_DOCS_ACCESS'), /expected one of open, key, off/);
});

test('limits: 0 switches the failure and rate limits off; negatives are refused', () => {
  assert.equal(S.authFailureLimit.parse('0', 'A'), 0);
  assert.equal(S.authFailureLimit.default, 20);
  assert.equal(S.rateLimitPerMinute.parse('0', 'R'), 0);
  assert.throws(
    () => S.rateLimitPerMinute.parse('-1', 'RECO_RATE_LIMIT'),
    /RECO_RATE_LIMIT: expected an integer/,
  );
});
