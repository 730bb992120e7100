import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVocab } from '../../src/data/vocab.ts';
import { buildUserState } from '../../src/serving/user-state.ts';

const items = createVocab(['a', 'b', 'c', 'd']); // a=1 b=2 c=3 d=4

test('merges the bundle snapshot with stored events in time order, each item once', () => {
  const s = buildUserState(
    items,
    {
      userId: 'u',
      age: 30,
      watched: [
        ['a', 10],
        ['c', 30],
      ],
      disliked: ['d'],
    },
    [
      { userId: 'u', itemId: 'b', type: 'watch', timestamp: 20 },
      { userId: 'u', itemId: 'a', type: 'watch', timestamp: 40 }, // re-watch: kept once, at first time
      { userId: 'u', itemId: 'zzz', type: 'watch', timestamp: 50 }, // unknown item: ignored
      { userId: 'u', itemId: 'c', type: 'dislike', timestamp: 60, context: { device: 'tv' } },
    ],
  );
  assert.deepEqual(s.watched, [1, 2, 3]);
  assert.deepEqual([...s.disliked].sort(), [3, 4]);
  assert.equal(s.profile?.age, 30);
  assert.deepEqual(s.lastContext, { device: 'tv' });
});

test('an unknown user has an empty state and no profile', () => {
  const s = buildUserState(items, undefined, []);
  assert.deepEqual(s.watched, []);
  assert.equal(s.profile, undefined);
});

test('a watch after a dislike lifts the dislike', () => {
  const s = buildUserState(items, undefined, [
    { userId: 'u', itemId: 'b', type: 'dislike', timestamp: 1 },
    { userId: 'u', itemId: 'b', type: 'watch', timestamp: 2 },
  ]);
  assert.equal(s.disliked.has(2), false);
});
