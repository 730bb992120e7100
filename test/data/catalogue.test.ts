import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completeCatalogue } from '../../src/data/catalogue.ts';
import type { Item, RecoEvent } from '../../src/data/types.ts';

const item = (itemId: string): Item => ({
  itemId,
  topic: 'cooking',
  tags: ['a'],
  durationSec: 120,
  publishedAt: 5,
});
const ev = (itemId: string, timestamp: number, watchTime?: number): RecoEvent => ({
  userId: 'u',
  itemId,
  type: 'watch',
  timestamp,
  ...(watchTime === undefined ? {} : { watchTime }),
});

test('known items come back unchanged and in order; nothing is added without unknown ids', () => {
  const items = [item('a'), item('b')];
  const out = completeCatalogue(items, [ev('a', 1, 3), ev('b', 2)]);
  assert.deepEqual(out, items);
  assert.notEqual(out, items, 'a new array');
});

test('an id only events mention becomes a neutral item: unknown topic, no tags, first event time', () => {
  const out = completeCatalogue([item('a')], [ev('x', 10, 30), ev('x', 20, 90), ev('x', 30, 40)]);
  assert.equal(out.length, 2);
  assert.deepEqual(out[1], { itemId: 'x', topic: 'unknown', tags: [], durationSec: 90, publishedAt: 10 });
});

test('duration is at least 1 s, also when no event carries a watch time', () => {
  const out = completeCatalogue([], [ev('y', 7), ev('z', 8, 0.2)]);
  assert.deepEqual(
    out.map((i) => [i.itemId, i.durationSec, i.publishedAt]),
    [
      ['y', 1, 7],
      ['z', 1, 8],
    ],
  );
});

test('extra items follow the catalogue in first-mention order', () => {
  const out = completeCatalogue([item('a')], [ev('q', 1), ev('a', 2), ev('p', 3), ev('q', 4)]);
  assert.deepEqual(
    out.map((i) => i.itemId),
    ['a', 'q', 'p'],
  );
});
