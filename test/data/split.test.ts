import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Timeline } from '../../src/data/interactions.ts';
import { splitTimelines } from '../../src/data/split.ts';

const tl = (userId: string, times: number[]): Timeline => ({
  userId,
  watches: times.map((time, i) => ({ item: i + 1, time })),
  impressions: times.map((time, i) => ({ item: i + 1, time: time - 1, watched: true })),
  disliked: new Set(),
});
const all = new Map([
  ['a', tl('a', [1, 2, 3])],
  ['b', tl('b', [4, 8, 9, 10])],
  ['c', tl('c', [5])],
]);

test('leave-last-out: the last watch of users with two or more is held out', () => {
  const { train, tests } = splitTimelines(all, 'leave-last-out');
  assert.deepEqual(
    tests.map((t) => [t.userId, t.time]),
    [
      ['a', 3],
      ['b', 10],
    ],
  );
  assert.deepEqual(
    train.get('a')!.watches.map((w) => w.time),
    [1, 2],
  );
  assert.deepEqual(
    train.get('c')!.watches.map((w) => w.time),
    [5],
  );
  assert.deepEqual(
    train.get('b')!.impressions.map((i) => i.time),
    [3, 7, 8],
    'no impression at or after the test',
  );
});

test('temporal: one global cut; the first watch after it is held out; nothing after it trains', () => {
  // watch times 1 2 3 4 5 8 9 10: the 0.75 quantile (index 6) is 9
  const { train, tests } = splitTimelines(all, 'temporal', 0.75);
  assert.deepEqual(
    tests.map((t) => [t.userId, t.time]),
    [['b', 9]],
  );
  assert.deepEqual(
    train.get('b')!.watches.map((w) => w.time),
    [4, 8],
  );
  assert.deepEqual(
    train.get('a')!.watches.map((w) => w.time),
    [1, 2, 3],
  );
});

test('holdOutLast: the one leave-last-out rule, per user, as splitTimelines applies it', async () => {
  const { holdOutLast } = await import('../../src/data/split.ts');
  assert.equal(holdOutLast(all.get('c')!), undefined, 'one watch: nothing to predict from');
  const held = holdOutLast(all.get('b')!)!;
  assert.deepEqual([held.test.userId, held.test.time, held.test.item], ['b', 10, 4]);
  assert.deepEqual(
    held.train.watches.map((w) => w.time),
    [4, 8, 9],
  );
  assert.ok(
    !held.train.impressions.some((i) => i.item === 4),
    'the held-out watch’s impression leaks the label',
  );
  const { train } = splitTimelines(all, 'leave-last-out');
  assert.deepEqual(train.get('b'), held.train);
});
