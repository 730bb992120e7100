import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprint } from '../../src/bundle/fingerprint.ts';
import type { Item, RecoEvent } from '../../src/data/types.ts';

const items: Item[] = [
  { itemId: 'a', topic: 't1', tags: ['x'], durationSec: 60, publishedAt: 1000 },
  { itemId: 'b', topic: 't2', tags: [], durationSec: 30, publishedAt: 2000 },
];
const events: RecoEvent[] = [
  { userId: 'u1', itemId: 'a', type: 'watch', timestamp: 5000, watchTime: 42 },
  { userId: 'u1', itemId: 'b', type: 'impression', timestamp: 5001 },
];

test('16 hex digits, the same for the same data', () => {
  const f = fingerprint(items, events);
  assert.match(f, /^[0-9a-f]{16}$/);
  assert.equal(fingerprint(structuredClone(items), structuredClone(events)), f);
  assert.match(fingerprint([], []), /^[0-9a-f]{16}$/);
});

test('what the model learns from changes it: ids, topics, publish times, every event field', () => {
  const f = fingerprint(items, events);
  const changed = [
    fingerprint([{ ...items[0], itemId: 'c' }, items[1]], events),
    fingerprint([{ ...items[0], topic: 't3' }, items[1]], events),
    fingerprint([{ ...items[0], publishedAt: 1001 }, items[1]], events),
    fingerprint(items, [{ ...events[0], userId: 'u2' }, events[1]]),
    fingerprint(items, [{ ...events[0], type: 'like' }, events[1]]),
    fingerprint(items, [{ ...events[0], timestamp: 5002 }, events[1]]),
    fingerprint(items, [{ ...events[0], watchTime: 43 }, events[1]]),
    fingerprint(items, [{ ...events[0], watchTime: undefined }, events[1]]),
    fingerprint(items, [events[1], events[0]]),
    fingerprint(items, events.slice(0, 1)),
  ];
  for (const [i, g] of changed.entries()) assert.notEqual(g, f, `change ${i}`);
  assert.equal(new Set(changed).size, changed.length);
});

test('fields it does not read leave it alone (tags, duration)', () => {
  const f = fingerprint(items, events);
  assert.equal(fingerprint([{ ...items[0], tags: ['y', 'z'], durationSec: 99 }, items[1]], events), f);
});

test('field boundaries are kept: "ab"+"c" is not "a"+"bc"', () => {
  const e = (userId: string, itemId: string): RecoEvent => ({ userId, itemId, type: 'watch', timestamp: 1 });
  assert.notEqual(fingerprint([], [e('ab', 'c')]), fingerprint([], [e('a', 'bc')]));
});
