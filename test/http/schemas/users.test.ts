import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import {
  getSimilarUsersSchema,
  SimilarUsersParamsSchema,
  SimilarUsersQuerySchema,
  SimilarUsersSchema,
} from '../../../src/http/schemas/users.ts';

const ajv = new Ajv({ strict: false, useDefaults: true, coerceTypes: true });

test('k is 1..100 and defaults to 10; no other query parameter is accepted', () => {
  const ok = ajv.compile(SimilarUsersQuerySchema);
  const q: Record<string, unknown> = {};
  assert.equal(ok(q), true);
  assert.equal(q.k, 10);
  assert.equal(ok({ k: 100 }), true);
  assert.equal(ok({ k: 0 }), false);
  assert.equal(ok({ k: 101 }), false);
  assert.equal(ok({ k: 5, userId: 'x' }), false);
});

test('a user id is 1..256 characters', () => {
  const ok = ajv.compile(SimilarUsersParamsSchema);
  assert.equal(ok({ userId: 'u1' }), true);
  assert.equal(ok({ userId: '' }), false);
  assert.equal(ok({ userId: 'x'.repeat(257) }), false);
});

test('the answer lists users with a score and a 1-based rank', () => {
  const ok = ajv.compile(SimilarUsersSchema);
  assert.equal(ok({ userId: 'u1', modelVersion: 'v', users: [{ userId: 'u2', score: 0.9, rank: 1 }] }), true);
  assert.equal(
    ok({ userId: 'u1', modelVersion: 'v', users: [{ userId: 'u2', score: 0.9, rank: 0 }] }),
    false,
  );
  assert.equal(ok({ userId: 'u1', users: [] }), false);
});

test('the operation documents 404 for an unknown user beside the usual refusals', () => {
  assert.equal(getSimilarUsersSchema.operationId, 'getSimilarUsers');
  assert.deepEqual(Object.keys(getSimilarUsersSchema.response).sort(), [
    '200',
    '400',
    '401',
    '404',
    '429',
    '503',
  ]);
});
