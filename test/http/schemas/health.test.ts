import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { healthzSchema, readyzSchema } from '../../../src/http/schemas/health.ts';

const ajv = new Ajv({ strict: false });

test('liveness answers only status ok', () => {
  const ok = ajv.compile(healthzSchema.response[200]);
  assert.equal(ok({ status: 'ok' }), true);
  assert.equal(ok({ status: 'ready' }), false);
  assert.equal(ok({}), false);
});

test('readiness answers ready with the model version', () => {
  const ok = ajv.compile(readyzSchema.response[200]);
  assert.equal(ok({ status: 'ready', modelVersion: 'v1' }), true);
  assert.equal(ok({ status: 'ready' }), false);
  assert.equal(ok({ status: 'ok', modelVersion: 'v1' }), false);
});

test('only readiness can be unavailable; neither probe documents a key refusal', () => {
  assert.deepEqual(Object.keys(healthzSchema.response).sort(), ['200', '400', '415']);
  assert.deepEqual(Object.keys(readyzSchema.response).sort(), ['200', '400', '415', '503']);
});
