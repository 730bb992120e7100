import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTimelines, itemsByIndex, watchCounts } from '../../src/data/interactions.ts';
import type { Item, RecoEvent } from '../../src/data/types.ts';
import { createVocab } from '../../src/data/vocab.ts';

const HOUR = 3_600_000;
const vocab = createVocab(['a', 'b', 'c']);
const e = (
  userId: string,
  type: RecoEvent['type'],
  itemId: string,
  timestamp: number,
  extra = {},
): RecoEvent => ({
  userId,
  itemId,
  type,
  timestamp,
  ...extra,
});

test('events are grouped per user in order; items outside the vocabulary are dropped', () => {
  const tls = buildTimelines(
    [e('u', 'watch', 'a', 1), e('v', 'watch', 'b', 2), e('u', 'watch', 'zz', 3), e('u', 'watch', 'c', 4)],
    vocab,
  );
  assert.deepEqual([...tls.keys()], ['u', 'v']);
  assert.deepEqual(
    tls.get('u')!.watches.map((w) => [w.item, w.time]),
    [
      [1, 1],
      [3, 4],
    ],
  );
  assert.deepEqual(
    tls.get('v')!.watches.map((w) => w.item),
    [2],
  );
  assert.equal(
    buildTimelines([e('w', 'watch', 'zz', 1)], vocab).size,
    0,
    'no timeline from unknown items only',
  );
});

test('a re-watch is kept once, at its first time, with its own watch time and context', () => {
  const tl = buildTimelines(
    [
      e('u', 'watch', 'a', 10, { watchTime: 30, context: { device: 'tv', country: 'fr' } }),
      e('u', 'watch', 'a', 20, { watchTime: 99 }),
    ],
    vocab,
  ).get('u')!;
  assert.deepEqual(tl.watches, [{ item: 1, time: 10, watchTimeSec: 30, device: 'tv', country: 'fr' }]);
});

test('an impression counts as watched when a watch of the item follows within 6 hours', () => {
  const tl = buildTimelines(
    [
      e('u', 'impression', 'a', 0, { context: { device: 'phone' } }),
      e('u', 'impression', 'b', 0),
      e('u', 'impression', 'c', 0),
      e('u', 'watch', 'a', 6 * HOUR, { watchTime: 42 }),
      e('u', 'watch', 'b', 6 * HOUR + 1),
      e('v', 'watch', 'c', 1),
    ],
    vocab,
  ).get('u')!;
  assert.deepEqual(
    tl.impressions.map((i) => [i.item, i.watched, i.watchTimeSec, i.device]),
    [
      [1, true, 42, 'phone'],
      [2, false, undefined, undefined],
      [3, false, undefined, undefined],
    ],
    'b was watched too late, c by another user',
  );
});

test('only the latest impression of an item is credited, and only once', () => {
  const tl = buildTimelines(
    [
      e('u', 'impression', 'a', 0),
      e('u', 'impression', 'a', 10),
      e('u', 'watch', 'a', 20, { watchTime: 5 }),
      e('u', 'watch', 'a', 30, { watchTime: 7 }),
    ],
    vocab,
  ).get('u')!;
  assert.deepEqual(
    tl.impressions.map((i) => [i.time, i.watched, i.watchTimeSec]),
    [
      [0, false, undefined],
      [10, true, 5],
    ],
  );
});

test('a dislike is remembered until the user watches the item again', () => {
  const tls = buildTimelines(
    [
      e('u', 'dislike', 'a', 1),
      e('u', 'dislike', 'b', 2),
      e('u', 'watch', 'b', 3),
      e('u', 'like', 'c', 4),
      e('u', 'skip', 'c', 5),
    ],
    vocab,
  );
  const tl = tls.get('u')!;
  assert.deepEqual([...tl.disliked], [1]);
  assert.deepEqual(
    tl.watches.map((w) => w.item),
    [2],
    'likes and skips are not watches',
  );
});

test('watchCounts counts distinct watchers per item; itemsByIndex puts items at their index', () => {
  const tls = buildTimelines(
    [e('u', 'watch', 'a', 1), e('u', 'watch', 'a', 2), e('v', 'watch', 'a', 3), e('v', 'watch', 'c', 4)],
    vocab,
  );
  assert.deepEqual([...watchCounts(tls.values(), 4)], [0, 2, 0, 1]);
  const item = (itemId: string): Item => ({ itemId, topic: 't', tags: [], durationSec: 1, publishedAt: 0 });
  const byIndex = itemsByIndex([item('c'), item('a')], vocab);
  assert.equal(byIndex.length, 4);
  assert.deepEqual(
    byIndex.map((i) => i?.itemId),
    [undefined, 'a', undefined, 'c'],
  );
});
