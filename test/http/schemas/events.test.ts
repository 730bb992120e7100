import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import {
  EventInputSchema,
  EventsAcceptedSchema,
  EventsBodySchema,
  MAX_BATCH,
  MAX_WATCH_TIME_SEC,
  postEventsSchema,
} from '../../../src/http/schemas/events.ts';

// As the app validates bodies: no coercion, the shared component added by $id.
const ajv = new Ajv({ coerceTypes: false, useDefaults: true, strict: false });
ajv.addSchema(EventInputSchema);
const body = ajv.compile(EventsBodySchema);
const ev = (over: Record<string, unknown> = {}) => ({ userId: 'u', itemId: 'i', type: 'watch', ...over });

test('an event: string or non-negative integer ids, a known type, optional fields', () => {
  assert.equal(body(ev()), true);
  assert.equal(body(ev({ userId: 42, itemId: 0 })), true);
  assert.equal(
    body(ev({ watchTime: 0, timestamp: '2026-01-01T00:00:00Z', eventId: 'e', context: {} })),
    true,
  );
  assert.equal(body(ev({ timestamp: 1_700_000_000_000 })), true);
  for (const type of ['impression', 'like', 'dislike', 'skip']) assert.equal(body(ev({ type })), true, type);
});

test('an event: refuses what a client cannot mean', () => {
  const bad: [string, unknown][] = [
    ['negative id', ev({ userId: -1 })],
    ['float id', ev({ itemId: 1.5 })],
    ['empty id', ev({ userId: '' })],
    ['id of 257 characters', ev({ userId: 'u'.repeat(257) })],
    ['string id as boolean', ev({ userId: true })],
    ['unknown type', ev({ type: 'buy' })],
    ['watchTime over the cap', ev({ watchTime: MAX_WATCH_TIME_SEC + 1 })],
    ['negative watchTime', ev({ watchTime: -0.5 })],
    ['watchTime as text', ev({ watchTime: '5' })],
    ['float epoch', ev({ timestamp: 1.5 })],
    ['timestamp of 41 characters', ev({ timestamp: 'x'.repeat(41) })],
    ['empty eventId', ev({ eventId: '' })],
    ['eventId of 129 characters', ev({ eventId: 'e'.repeat(129) })],
    ['unknown field', ev({ rating: 5 })],
    ['missing type', { userId: 'u', itemId: 'i' }],
  ];
  for (const [name, value] of bad) assert.equal(body(value), false, name);
  assert.equal(body(ev({ watchTime: MAX_WATCH_TIME_SEC })), true, 'the cap itself is allowed');
});

test('a batch is 1 to MAX_BATCH events', () => {
  assert.equal(body([ev()]), true);
  assert.equal(body([]), false);
  assert.equal(body(Array.from({ length: MAX_BATCH }, () => ev())), true);
  assert.equal(body(Array.from({ length: MAX_BATCH + 1 }, () => ev())), false);
  assert.equal(body([ev(), ev({ type: 'nope' })]), false, 'one bad event refuses the batch');
});

test('the answer is exactly the two counts; the route documents its refusals', () => {
  const accepted = new Ajv({ strict: false }).compile(EventsAcceptedSchema);
  assert.equal(accepted({ accepted: 1, duplicates: 0 }), true);
  assert.equal(accepted({ accepted: 1, duplicates: 0, extra: 1 }), false);
  assert.deepEqual(Object.keys(postEventsSchema.response).sort(), [
    '202',
    '400',
    '401',
    '413',
    '415',
    '429',
    '503',
  ]);
  assert.equal(postEventsSchema.body, EventsBodySchema);
});
