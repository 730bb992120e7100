import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERVICE_SETTINGS as S } from '../../../src/config/groups/service.ts';
import { ConfigError } from '../../../src/errors.ts';

test('workers: "auto" is 0 (one per core), else 1 to 256', () => {
  assert.equal(S.workers.parse('auto', 'W'), 0);
  assert.equal(S.workers.parse('4', 'W'), 4);
  assert.throws(
    () => S.workers.parse('0', 'RECO_WORKERS'),
    /RECO_WORKERS: expected an integer in \[1, 256\]/,
  );
  assert.throws(() => S.workers.parse('Auto', 'RECO_WORKERS'));
});

test('the database URL: empty (SQLite) or postgres(ql)://; the message shows only the start of a bad one', () => {
  assert.equal(S.databaseUrl.parse('', 'D'), '');
  assert.equal(S.databaseUrl.parse('postgres://u:p@h/db', 'D'), 'postgres://u:p@h/db');
  assert.equal(S.databaseUrl.parse('postgresql://h/db', 'D'), 'postgresql://h/db');
  const long = `mysql://user:${'x'.repeat(100)}`;
  assert.throws(
    () => S.databaseUrl.parse(long, 'RECO_DATABASE_URL'),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.message.includes(`got "${long.slice(0, 40)}"`) &&
      !e.message.includes(long.slice(0, 41)),
  );
});

test('the Redis URL: empty, redis:// or rediss://', () => {
  assert.equal(S.redisUrl.parse('rediss://cache:6380', 'R'), 'rediss://cache:6380');
  assert.equal(S.redisUrl.parse('', 'R'), '');
  assert.throws(
    () => S.redisUrl.parse('http://cache', 'RECO_REDIS_URL'),
    /expected a redis:\/\/ or rediss:\/\/ URL/,
  );
});

test('host is trimmed; paths may not be blank; log level and backend from their lists', () => {
  assert.equal(S.host.parse(' 0.0.0.0 '), '0.0.0.0');
  assert.throws(() => S.modelDir.parse(' ', 'RECO_MODEL_DIR'), /expected a non-empty value/);
  assert.equal(S.logLevel.parse('silent', 'L'), 'silent');
  assert.throws(() => S.logLevel.parse('verbose', 'RECO_LOG_LEVEL'));
  assert.equal(S.tfBackend.parse('', 'B'), '', 'empty: the best available');
  assert.throws(() => S.tfBackend.parse('webgl', 'RECO_TF_BACKEND'));
});

test('port 0 (any free port) to 65535; candidates 1 to 5000; index recall a share', () => {
  assert.equal(S.port.parse('0', 'P'), 0);
  assert.throws(() => S.port.parse('65536', 'P'));
  assert.throws(() => S.candidates.parse('5001', 'C'));
  assert.equal(S.minIndexRecall.parse('1', 'M'), 1);
  assert.equal(S.workerIndex.flag, null, 'set by the cluster primary for its workers only');
});
