import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Timeline } from '../../src/data/interactions.ts';
import { createVocab } from '../../src/data/vocab.ts';
import { camfConditions, camfData } from '../../src/training/camf-data.ts';

const evening = Date.UTC(2026, 4, 3, 20);
const morning = Date.UTC(2026, 4, 3, 8);
const items = createVocab(['a', 'b']);
const catalogue = [
  { itemId: 'a', topic: 't', tags: [], durationSec: 60, publishedAt: 0 },
  { itemId: 'b', topic: 't', tags: [], durationSec: 2000, publishedAt: 0 },
];
const tl = (userId: string): Timeline => ({
  userId,
  watches: [{ item: 2, time: evening, device: 'tv' }],
  impressions: [
    { item: 1, time: morning, watched: false, device: 'mobile' },
    { item: 2, time: evening, watched: true, device: 'tv' },
  ],
  disliked: new Set(),
});

test('watches are 1s, unwatched impressions 0s, each in its own conditions; groups are duration bands', () => {
  const d = camfData([tl('x'), tl('y')], items, catalogue, ['y']);
  assert.deepEqual(
    [...d.userRow],
    [
      ['y', 0],
      ['x', 1],
    ],
  );
  assert.deepEqual(
    [...d.conditionIndex.keys()],
    ['device=tv', 'daypart=evening', 'device=mobile', 'daypart=morning'],
  );
  assert.deepEqual(d.examples.slice(0, 2), [
    { user: 1, item: 2, conditions: [0, 1], target: 1 },
    { user: 1, item: 1, conditions: [2, 3], target: 0 },
  ]);
  assert.equal(d.examples.length, 4);
  assert.deepEqual([...d.shape.groups!], [-1, 0, 2]);
  assert.deepEqual(camfConditions(d, { device: 'desktop', time: morning }), [3]);
});
