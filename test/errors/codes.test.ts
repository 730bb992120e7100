import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codesFor, isErrorCode, messageOf, statusOf } from '../../src/errors/codes.ts';
import { REGISTRY } from '../../src/errors/registry.ts';

test('isErrorCode: the registry’s own keys, not inherited ones or other strings', () => {
  assert.equal(isErrorCode('VALIDATION_ERROR'), true);
  assert.equal(isErrorCode('NO_SUCH_CODE'), false);
  assert.equal(isErrorCode('toString'), false);
  assert.equal(isErrorCode('constructor'), false);
  assert.equal(isErrorCode(''), false);
});

test('statusOf and messageOf read the table', () => {
  assert.equal(statusOf('ITEM_NOT_FOUND'), 404);
  assert.equal(statusOf('STORE_UNAVAILABLE'), 503);
  assert.equal(messageOf('ITEM_NOT_FOUND', { itemId: 'i9' }), `item "i9" is not in the model's catalogue`);
  assert.equal(messageOf('INTERNAL_ERROR'), 'Internal server error');
  assert.equal(messageOf('TRAINING_FAILED', {}), REGISTRY.TRAINING_FAILED.message({}));
});

test('codesFor lists the answered codes of a status, in table order, with their meaning', () => {
  const order = Object.keys(REGISTRY);
  for (const status of [400, 404, 409, 503]) {
    const listed = codesFor(status);
    assert.ok(listed.length > 0, `${status}`);
    for (const c of listed) {
      assert.equal(REGISTRY[c.code].status, status);
      assert.equal(c.meaning, REGISTRY[c.code].meaning);
    }
    const at = listed.map((c) => order.indexOf(c.code));
    assert.deepEqual(
      at,
      [...at].sort((a, b) => a - b),
      'table order',
    );
  }
  const c503 = codesFor(503).map((c) => c.code as string);
  for (const code of ['MODEL_NOT_READY', 'STORE_UNAVAILABLE', 'METRICS_UNAVAILABLE', 'TRAINING_FAILED']) {
    assert.ok(c503.includes(code), code);
  }
  const c404 = codesFor(404).map((c) => c.code as string);
  assert.ok(c404.includes('NOT_FOUND') && c404.includes('ITEM_NOT_FOUND'));
  assert.ok(!c404.includes('VALIDATION_ERROR'));
});

test('codesFor leaves out the codes only start-up and the CLI raise', () => {
  const answered = [400, 422, 503].flatMap((s) => codesFor(s).map((c) => c.code as string));
  for (const code of ['CONFIG_INVALID', 'DATA_INVALID', 'STORE_SCHEMA_NEWER']) {
    assert.ok(!answered.includes(code), code);
  }
  assert.ok(answered.includes('VALIDATION_ERROR') && answered.includes('BUNDLE_INVALID'));
});

test('codesFor a status no code answers is empty', () => {
  assert.deepEqual(codesFor(418), []);
  assert.deepEqual(codesFor(200), []);
});

test('every registered code is listed under exactly one status, or is start-up only', () => {
  const statuses = new Set(Object.values(REGISTRY).map((r) => r.status));
  const listed = [...statuses].flatMap((s) => codesFor(s).map((c) => c.code as string));
  assert.equal(new Set(listed).size, listed.length, 'no code under two statuses');
  assert.equal(listed.length, Object.keys(REGISTRY).length - 3);
});
