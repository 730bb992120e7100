import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type EventRow, rowToEvent } from '../../src/events/row.ts';

const row = (over: Partial<EventRow> = {}): EventRow => ({
  event_id: null,
  user_id: 'u1',
  item_id: 'i1',
  type: 'impression',
  watch_time: null,
  ts: 1000,
  context: null,
  ...over,
});

test('NULL columns become absent fields', () => {
  const e = rowToEvent(row());
  assert.deepEqual(e, { userId: 'u1', itemId: 'i1', type: 'impression', timestamp: 1000 });
  assert.ok(!('watchTime' in e) && !('eventId' in e) && !('context' in e));
});

test('every column maps to its field', () => {
  const e = rowToEvent(
    row({ event_id: 'e7', type: 'watch', watch_time: 42.5, ts: 5, context: '{"device":"tv"}' }),
  );
  assert.deepEqual(e, {
    userId: 'u1',
    itemId: 'i1',
    type: 'watch',
    timestamp: 5,
    watchTime: 42.5,
    eventId: 'e7',
    context: { device: 'tv' },
  });
});

test('a watch time of 0 is kept, not dropped as falsy', () => {
  assert.equal(rowToEvent(row({ type: 'watch', watch_time: 0 })).watchTime, 0);
});

test('the context is parsed from JSON text (SQLite) or taken as parsed (PostgreSQL JSONB)', () => {
  const parsed = { country: 'DE' };
  assert.deepEqual(rowToEvent(row({ context: '{"country":"DE"}' })).context, parsed);
  assert.equal(rowToEvent(row({ context: parsed })).context, parsed);
});

test('a context that is not JSON throws', () => {
  assert.throws(() => rowToEvent(row({ context: '{oops' })), SyntaxError);
});
