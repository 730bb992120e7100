import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Timeline } from '../../src/data/interactions.ts';
import { attachSearches, searchHistories, writeSearchBag } from '../../src/features/search-history.ts';
import { searchBuckets } from '../../src/features/search-tokens.ts';

const s = (userId: string, query: string, timestamp: number) => ({
  userId,
  type: 'search' as const,
  query,
  timestamp,
});

test('histories: each user’s tokens in time order, each with its query’s time', () => {
  const h = searchHistories([s('u', 'jazz piano', 20), s('u', 'noir', 10), s('v', '!', 5)], 64).get('u')!;
  assert.deepEqual([...h.tokens], [...searchBuckets('noir', 64), ...searchBuckets('jazz piano', 64)]);
  assert.deepEqual([...h.times], [10, 20, 20]);
  assert.equal(searchHistories([s('v', '!', 5)], 64).size, 0, 'a query without tokens adds nothing');
});

test('attach: only users with a timeline carry their searches', () => {
  const tl: Timeline = { userId: 'u', watches: [], impressions: [], disliked: new Set() };
  const timelines = new Map([['u', tl]]);
  assert.equal(attachSearches(timelines, [s('u', 'noir', 1), s('nobody', 'jazz', 1)], 64), 1);
  assert.equal(tl.searches?.tokens.length, 1);
});

test('bag: the latest tokens typed strictly before the time, right-aligned, a mean; none: zeros', () => {
  const h = { tokens: Int32Array.from([1, 2, 3, 4]), times: Float64Array.from([10, 20, 20, 30]) };
  const ids = new Int32Array(6).fill(9);
  const w = new Float32Array(6).fill(9);
  writeSearchBag(h, 30, ids, w, 0, 3);
  assert.deepEqual([...ids.subarray(0, 3)], [1, 2, 3], 'the token typed at 30 is not before 30');
  assert.deepEqual(
    [...w.subarray(0, 3)].map((x) => Math.round(x * 1000)),
    [333, 333, 333],
  );
  writeSearchBag(h, 15, ids, w, 3, 3);
  assert.deepEqual([...ids.subarray(3)], [0, 0, 1]);
  assert.deepEqual([...w.subarray(3)], [0, 0, 1]);
  writeSearchBag(undefined, 99, ids, w, 0, 3);
  assert.deepEqual([...ids.subarray(0, 3)], [0, 0, 0]);
  assert.deepEqual([...w.subarray(0, 3)], [0, 0, 0]);
});
