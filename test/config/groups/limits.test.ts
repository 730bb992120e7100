import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIMIT_SETTINGS as S } from '../../../src/config/groups/limits.ts';
import { HOUR_MS } from '../../../src/foundation/time.ts';

test('timeouts: at least a second (keep-alive 100 ms), at most an hour', () => {
  for (const k of ['requestTimeoutMs', 'headersTimeoutMs', 'connectionTimeoutMs'] as const) {
    assert.equal(S[k].parse('1000', k), 1000);
    assert.equal(S[k].parse(String(HOUR_MS), k), HOUR_MS);
    assert.throws(
      () => S[k].parse('999', S[k].env),
      new RegExp(`${S[k].env}: expected an integer in \\[1000,`),
    );
    assert.throws(() => S[k].parse(String(HOUR_MS + 1), S[k].env));
  }
  assert.equal(S.keepAliveTimeoutMs.parse('100', 'K'), 100);
  assert.throws(() => S.keepAliveTimeoutMs.parse('99', 'K'));
});

test('the headers timeout is below the request timeout by default; the body limit is 5 MiB, 1 KiB to 1 GiB', () => {
  assert.ok(S.headersTimeoutMs.default < S.requestTimeoutMs.default);
  assert.equal(S.bodyLimitBytes.default, 5 * 1024 * 1024);
  assert.throws(() => S.bodyLimitBytes.parse('1023', 'B'));
  assert.equal(S.bodyLimitBytes.parse(String(1024 ** 3), 'B'), 1024 ** 3);
});
