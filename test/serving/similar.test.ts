import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoadedBundle } from '../../src/bundle/read.ts';
import { NeighbourCache, neighboursWanted, popularItems, relatedItems } from '../../src/serving/similar.ts';
import type { UserState } from '../../src/serving/user-state.ts';

const user: UserState = { watched: [2], watchedAt: new Map([[2, 1]]), disliked: new Set([3]) };

test('popular items: the most watched first, never the out-of-vocabulary row', () => {
  assert.deepEqual([...popularItems([99, 5, 7, 1], 2)], [2, 1]);
});

test('related items skip the item itself and what the user watched or disliked', () => {
  const found = { items: [1, 2, 3, 4, 5], scores: [9, 8, 7, 6, 5] };
  const out = relatedItems(['', 'a', 'b', 'c', 'd', 'e'], 1, found, 2, user);
  assert.deepEqual(out, [
    { itemId: 'd', score: 6, rank: 1 },
    { itemId: 'e', score: 5, rank: 2 },
  ]);
  assert.equal(neighboursWanted(2, user), 5);
  assert.equal(neighboursWanted(2), 3);
});

test('neighbours of popular items of the current bundle are searched once', () => {
  let searches = 0;
  const fake = () =>
    ({
      manifest: { dims: { dim: 1 } },
      itemVectors: Float32Array.from([0, 1, 2, 3]),
      itemTable: { watches: [0, 10, 0, 5] },
      index: {
        search: (_q: Float32Array, k: number) => {
          searches++;
          return { items: Array.from({ length: k }, (_, i) => i), scores: new Array(k).fill(0) };
        },
      },
    }) as unknown as LoadedBundle;
  const b = fake();
  const cache = new NeighbourCache(b, 1); // only item 1 is popular enough
  assert.equal(cache.neighbours(b, 1, 5).items.length, 101, 'at least 101, for any later k');
  cache.neighbours(b, 1, 5);
  assert.equal(searches, 1);
  cache.neighbours(b, 3, 5);
  cache.neighbours(b, 3, 5);
  assert.equal(searches, 3, 'not popular: not kept');
  cache.neighbours(fake(), 1, 5);
  assert.equal(searches, 4, 'another bundle: not this cache');
  cache.neighbours(b, 1, 200);
  assert.equal(searches, 5, 'more wanted than kept: searched again');
});
