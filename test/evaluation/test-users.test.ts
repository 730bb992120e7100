import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Timeline } from '../../src/data/interactions.ts';
import { FEW_WATCHES, measuredRows } from '../../src/evaluation/test-users.ts';

const timeline = (userId: string, watches: number, searchTimes: number[] = []): Timeline => ({
  userId,
  watches: Array.from({ length: watches }, (_, i) => ({ item: i + 1, time: i + 1 })),
  impressions: [],
  disliked: new Set(),
  ...(searchTimes.length
    ? { searches: { tokens: Int32Array.from(searchTimes, () => 1), times: Float64Array.from(searchTimes) } }
    : {}),
});

test('few-watches: at most FEW_WATCHES watches before the held-out one and a search typed before it', () => {
  const train = new Map(
    [
      timeline('few-searcher', FEW_WATCHES, [2]),
      timeline('many-searcher', FEW_WATCHES + 1, [2]),
      timeline('few-silent', 1),
      timeline('searched-after', 2, [50]),
    ].map((tl) => [tl.userId, tl]),
  );
  const tests = [...train.keys()].map((userId) => ({ userId, item: 9, time: 20 }));
  assert.deepEqual(measuredRows('few-watches', train, tests), [true, false, false, false]);
  assert.equal(measuredRows('all', train, tests), undefined, 'all: every row counts');
});
