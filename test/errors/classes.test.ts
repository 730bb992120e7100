import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BundleError,
  batchValidationError,
  ConfigError,
  isRecoError,
  MetricsUnavailableError,
  ModelNotReadyError,
  RecoError,
  recoError,
  StoreUnavailableError,
  ValidationError,
} from '../../src/errors/classes.ts';

test('a RecoError carries its code, status and details', () => {
  const e = new RecoError('SOMETHING', 'went wrong', 418, { a: 1 });
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'RecoError');
  assert.equal(e.code, 'SOMETHING');
  assert.equal(e.message, 'went wrong');
  assert.equal(e.statusCode, 418);
  assert.deepEqual(e.details, { a: 1 });
});

test('without a status a registered code takes the table’s, any other 400', () => {
  assert.equal(new RecoError('QUALITY_DROPPED', 'x').statusCode, 409);
  assert.equal(new RecoError('RELOAD_REFUSED', 'x').statusCode, 503);
  assert.equal(new RecoError('FROM_ELSEWHERE', 'x').statusCode, 400);
  assert.equal(new RecoError('QUALITY_DROPPED', 'x', 500).statusCode, 500, 'an explicit status wins');
});

test('recoError builds the message from the parameters and keeps the details', () => {
  const e = recoError('DATA_INVALID', { path: 'items.jsonl', line: 4, problem: 'no topic' }, ['d']);
  assert.equal(e.code, 'DATA_INVALID');
  assert.equal(e.statusCode, 422);
  assert.equal(e.message, 'items.jsonl:4: no topic');
  assert.deepEqual(e.details, ['d']);
  const fixed = recoError('MODEL_NOT_READY');
  assert.equal(fixed.message, 'no model bundle is loaded yet');
  assert.equal(fixed.details, undefined);
});

test('each subclass has its code, status and name', () => {
  const cases: [RecoError, string, number, string][] = [
    [new ValidationError('bad', [1]), 'VALIDATION_ERROR', 400, 'ValidationError'],
    [new ModelNotReadyError(), 'MODEL_NOT_READY', 503, 'ModelNotReadyError'],
    [new BundleError('broken'), 'BUNDLE_INVALID', 422, 'BundleError'],
    [new ConfigError('flag'), 'CONFIG_INVALID', 400, 'ConfigError'],
    [new StoreUnavailableError('down'), 'STORE_UNAVAILABLE', 503, 'StoreUnavailableError'],
    [new MetricsUnavailableError('slow'), 'METRICS_UNAVAILABLE', 503, 'MetricsUnavailableError'],
  ];
  for (const [e, code, status, name] of cases) {
    assert.ok(e instanceof RecoError && isRecoError(e), name);
    assert.equal(e.code, code);
    assert.equal(e.statusCode, status);
    assert.equal(e.name, name);
  }
  assert.equal(new ModelNotReadyError().message, 'no model bundle is loaded yet');
  assert.equal(new ModelNotReadyError('warming up').message, 'warming up');
  assert.deepEqual(new BundleError('b', { f: 'x' }).details, { f: 'x' });
});

test('isRecoError is false for plain errors and non-errors', () => {
  assert.equal(isRecoError(new Error('x')), false);
  assert.equal(isRecoError({ code: 'VALIDATION_ERROR', statusCode: 400 }), false);
  assert.equal(isRecoError(undefined), false);
});

test('a batch error names the first problem and counts the rest; details list them all', () => {
  const problems = [
    { index: 2, field: 'userId', message: 'must not be empty' },
    { index: 5, field: 'timestamp', message: 'is in the future' },
    { index: 5, field: 'watchTime', message: 'is negative' },
  ];
  const e = batchValidationError('event', problems);
  assert.ok(e instanceof ValidationError);
  assert.equal(e.code, 'VALIDATION_ERROR');
  assert.equal(e.message, 'event 2: userId must not be empty (and 2 more); nothing was stored');
  assert.deepEqual(e.details, problems);
  const one = batchValidationError('item', [problems[0]]);
  assert.equal(one.message, 'item 2: userId must not be empty; nothing was stored');
});
