import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { ContextSchema, EVENT_TYPES } from '../../src/data/types.ts';

test('the event types: an impression and the four reactions', () => {
  assert.deepEqual([...EVENT_TYPES], ['impression', 'watch', 'like', 'dislike', 'skip']);
});

test('a context has an optional device and country, nothing else', () => {
  assert.equal(Value.Check(ContextSchema, {}), true);
  assert.equal(Value.Check(ContextSchema, { device: 'tv', country: 'FR' }), true);
  assert.equal(Value.Check(ContextSchema, { device: 'tv', os: 'linux' }), false, 'no other keys');
  assert.equal(Value.Check(ContextSchema, { device: 3 }), false);
});

test('context values are at most 64 characters', () => {
  assert.equal(Value.Check(ContextSchema, { country: 'x'.repeat(64) }), true);
  assert.equal(Value.Check(ContextSchema, { country: 'x'.repeat(65) }), false);
  assert.equal(Value.Check(ContextSchema, { device: 'x'.repeat(65) }), false);
});
