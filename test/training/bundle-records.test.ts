import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTimelines, watchCounts } from '../../src/data/interactions.ts';
import type { Item, RecoEvent } from '../../src/data/types.ts';
import { trainingItemTable } from '../../src/features/item-table.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import { bundleItems, bundleUsers, snapshotSearches } from '../../src/training/bundle-records.ts';

const DAY = 86_400_000;
const item = (itemId: string): Item => ({ itemId, topic: 't', tags: [], durationSec: 60, publishedAt: 0 });
const items = [item('a'), item('b'), item('c')];
const users = [{ userId: 'u1', country: 'FR' }, { userId: 'quiet' }];
const events: RecoEvent[] = [
  { userId: 'u1', itemId: 'a', type: 'watch', timestamp: 1 * DAY },
  { userId: 'u1', itemId: 'b', type: 'watch', timestamp: 2 * DAY },
  { userId: 'u1', itemId: 'c', type: 'dislike', timestamp: 3 * DAY },
  { userId: 'only-events', itemId: 'a', type: 'watch', timestamp: 4 * DAY },
];
const spec = createFeatureSpec(items, users);
const timelines = buildTimelines(events, spec.items);

test('users.json: known users with their history in item ids, then users seen only in events', () => {
  const out = bundleUsers(spec, users, timelines);
  assert.deepEqual(
    out.map((u) => u.userId),
    ['u1', 'quiet', 'only-events'],
  );
  assert.deepEqual(out[0].watched, [
    ['a', 1 * DAY],
    ['b', 2 * DAY],
  ]);
  assert.deepEqual(out[0].disliked, ['c']);
  assert.equal(out[0].country, 'FR', 'demographics kept');
  assert.deepEqual(out[1].watched, [], 'a user without events has an empty history');
  assert.deepEqual(out[2].watched, [['a', 4 * DAY]]);
});

test('items.json: the catalogue in its order with all-time and last-week watch counts', () => {
  const counts = watchCounts(timelines.values(), spec.items.ids.length);
  const table = trainingItemTable(spec, items, counts, timelines.values());
  const out = bundleItems(spec, items, counts, table);
  assert.equal(out.items, items);
  assert.deepEqual(out.watches, [2, 1, 0]);
  assert.equal(out.recentWatches.length, 3);
  assert.ok(out.recentWatches.every((w, i) => w <= out.watches[i]));
});

test('users.json with searches: each user’s searches holding their latest tokens, search-only users too', () => {
  const q = (userId: string, query: string, timestamp: number) => ({
    userId,
    type: 'search' as const,
    query,
    timestamp,
  });
  const typed = [q('u1', 'jazz piano', 3), q('u1', 'old noir', 1), q('u1', '!', 4), q('seeker', 'news', 2)];
  const snapshot = snapshotSearches(typed, { searchBuckets: 64, searchLength: 3 });
  const out = bundleUsers(spec, users, timelines, snapshot);
  // Three tokens: 'jazz piano' and one of 'old noir', so both queries stay; '!' has none.
  assert.deepEqual(out[0].searches, [
    ['old noir', 1],
    ['jazz piano', 3],
  ]);
  assert.equal(out[1].searches, undefined, 'a user who never searched has no field');
  assert.deepEqual(out.at(-1), { userId: 'seeker', watched: [], disliked: [], searches: [['news', 2]] });
  const short = bundleUsers(
    spec,
    users,
    timelines,
    snapshotSearches(typed, { searchBuckets: 64, searchLength: 2 }),
  );
  assert.deepEqual(short[0].searches, [['jazz piano', 3]], 'only the queries the tower reads');
  assert.equal(snapshotSearches(typed, {}), undefined, 'no search input: no searches kept');
});
