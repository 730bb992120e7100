import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVocab } from '../../src/data/vocab.ts';
import { userSearchHistory } from '../../src/features/search-history.ts';
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

const search = (query: string, timestamp: number) => ({ query, timestamp });

test('searches: the snapshot’s and the store’s merged once each, tokenised as training does, latest kept', () => {
  const snapshot = {
    userId: 'u',
    watched: [],
    disliked: [],
    searches: [
      ['old words here', 1],
      ['noir films', 10],
    ] as [string, number][],
  };
  const input = { buckets: 64, length: 3, asOf: 100, events: [search('noir films', 10), search('jazz', 20)] };
  const s = buildUserState(items, snapshot, [], input);
  // The store repeats the snapshot's 'noir films' (training read the store): counted once.
  const all = userSearchHistory(
    [search('old words here', 1), search('noir films', 10), search('jazz', 20)],
    64,
  )!;
  assert.deepEqual([...s.searches!.tokens], [...all.tokens.slice(-3)]);
  assert.deepEqual([...s.searches!.times], [10, 10, 20]);
});

test('searches: tokens typed after the state was built are kept beside the latest before it', () => {
  const input = {
    buckets: 64,
    length: 1,
    asOf: 15,
    events: [search('noir', 10), search('jazz', 20), search('old', 5)],
  };
  assert.deepEqual([...buildUserState(items, undefined, [], input).searches!.times], [10, 20]);
});

test('searches: none without the search input, or when nothing typed has a token', () => {
  const events = [search('noir', 10)];
  assert.equal(buildUserState(items, undefined, []).searches, undefined);
  assert.equal(
    buildUserState(items, undefined, [], { buckets: 0, length: 0, asOf: 99, events }).searches,
    undefined,
  );
  const blank = { buckets: 64, length: 5, asOf: 99, events: [search('!', 1)] };
  assert.equal(buildUserState(items, undefined, [], blank).searches, undefined);
});
