import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REGISTRY } from '../../src/errors/registry.ts';

const codes = Object.keys(REGISTRY) as (keyof typeof REGISTRY)[];

test('every code is upper snake case, with an HTTP error status and a meaning', () => {
  assert.ok(codes.length > 20);
  for (const code of codes) {
    const { status, meaning } = REGISTRY[code];
    assert.match(code, /^[A-Z][A-Z0-9_]+$/);
    assert.ok(Number.isInteger(status) && status >= 400 && status < 600, `${code}: ${status}`);
    assert.ok(meaning.length > 10, `${code} says what it means`);
  }
});

test('statuses of the codes a server answers with', () => {
  assert.equal(REGISTRY.VALIDATION_ERROR.status, 400);
  assert.equal(REGISTRY.UNAUTHORIZED.status, 401);
  assert.equal(REGISTRY.FORBIDDEN.status, 403);
  assert.equal(REGISTRY.ITEM_NOT_FOUND.status, 404);
  assert.equal(REGISTRY.CATALOGUE_SHRANK.status, 409);
  assert.equal(REGISTRY.BUNDLE_INVALID.status, 422);
  assert.equal(REGISTRY.RATE_LIMITED.status, 429);
  assert.equal(REGISTRY.INTERNAL_ERROR.status, 500);
  assert.equal(REGISTRY.MODEL_NOT_READY.status, 503);
});

test('messages with a choice of reasons name each reason differently', () => {
  const malformed = (['http_version', 'no_host', 'unparsable'] as const).map((reason) =>
    REGISTRY.MALFORMED_REQUEST.message({ reason }),
  );
  assert.equal(new Set(malformed).size, 3);
  assert.match(REGISTRY.UNAUTHORIZED.message({ reason: 'missing' }), /required/);
  assert.match(REGISTRY.UNAUTHORIZED.message({ reason: 'invalid' }), /not valid/);
  const forbidden = (['client_key', 'admin_local_only', 'admin_off'] as const).map((reason) =>
    REGISTRY.FORBIDDEN.message({ reason }),
  );
  assert.equal(new Set(forbidden).size, 3);
  assert.match(REGISTRY.REQUEST_TIMEOUT.message({ part: 'headers' }), /headers/);
  assert.doesNotMatch(REGISTRY.REQUEST_TIMEOUT.message({ part: 'request' }), /headers/);
});

test('messages built from their parameters', () => {
  assert.equal(REGISTRY.NOT_FOUND.message({ method: 'GET', path: '/x' }), 'no route GET /x');
  assert.equal(REGISTRY.INVALID_JSON.message({ duplicateKey: 'a' }), 'an object repeats the key "a"');
  assert.equal(REGISTRY.INVALID_JSON.message({ problem: 'empty' }), 'empty');
  assert.equal(REGISTRY.INVALID_JSON.message({}), 'the body is not valid JSON');
  assert.equal(
    REGISTRY.UNSUPPORTED_MEDIA_TYPE.message({ charset: 'latin1' }),
    'JSON must be UTF-8, not latin1',
  );
  assert.equal(REGISTRY.UNSUPPORTED_MEDIA_TYPE.message({}), 'the body must be JSON');
  assert.equal(
    REGISTRY.RATE_LIMITED.message({ limit: 'auth_failures', seconds: 7 }),
    'too many failed authentications from this address; retry in 7 s',
  );
  assert.equal(
    REGISTRY.RATE_LIMITED.message({ limit: 'per_key', max: 60, after: '1 minute' }),
    'rate limit of 60 requests per minute exceeded; retry in 1 minute',
  );
  assert.equal(REGISTRY.DATA_INVALID.message({ path: 'a.jsonl', problem: 'bad' }), 'a.jsonl: bad');
  assert.equal(REGISTRY.DATA_INVALID.message({ path: 'a.jsonl', line: 3, problem: 'bad' }), 'a.jsonl:3: bad');
  assert.equal(
    REGISTRY.STORE_SCHEMA_NEWER.message({ store: 'sqlite', found: 5, supported: 4 }),
    "sqlite: event store schema 5 is newer than this reco's (4); upgrade reco or open another store",
  );
});

test('a content encoding is quoted and cut at 40 characters', () => {
  const msg = REGISTRY.UNSUPPORTED_CONTENT_ENCODING.message({ encoding: 'x'.repeat(100) });
  assert.ok(msg.startsWith(`Content-Encoding "${'x'.repeat(40)}" is not supported`));
  assert.ok(!msg.includes('x'.repeat(41)));
});

test('retrain outcomes carry their detail, or a default sentence', () => {
  for (const code of [
    'CATALOGUE_SHRANK',
    'USERS_SHRANK',
    'QUALITY_DROPPED',
    'RETRAIN_REFUSED',
    'TRAINING_FAILED',
    'RELOAD_REFUSED',
  ] as const) {
    assert.equal(REGISTRY[code].message({ detail: 'why' }), 'why');
    assert.match(REGISTRY[code].message({}), /serving/, `${code}'s default says what keeps serving`);
  }
});
