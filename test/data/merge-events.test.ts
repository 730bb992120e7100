import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeEvents } from '../../src/data/merge-events.ts';

test('merges in time order and keeps each eventId once', () => {
  const base = [
    { userId: 'u', itemId: 'a', type: 'watch' as const, timestamp: 1, eventId: 'x' },
    { userId: 'u', itemId: 'b', type: 'watch' as const, timestamp: 3 },
  ];
  const stored = [
    { userId: 'u', itemId: 'a', type: 'watch' as const, timestamp: 1, eventId: 'x' },
    { userId: 'u', itemId: 'c', type: 'like' as const, timestamp: 2, eventId: 'y' },
    { userId: 'u', itemId: 'b', type: 'watch' as const, timestamp: 3 },
  ];
  assert.deepEqual(
    mergeEvents(base, stored).map((e) => `${e.itemId}${e.timestamp}`),
    ['a1', 'c2', 'b3', 'b3'],
  );
});
