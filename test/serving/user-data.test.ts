import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecoEvent, SearchEvent } from '../../src/data/types.ts';
import { SUMMARY_WATCHES, type SummaryInput, summarise } from '../../src/serving/user-data.ts';
import type { UserState } from '../../src/serving/user-state.ts';

const itemIds = ['<oov>', ...Array.from({ length: 30 }, (_, i) => `i${i + 1}`)];
const state = (watched: number[], over: Partial<UserState> = {}): UserState => ({
  watched,
  watchedAt: new Map(watched.map((i) => [i, 1000 * i])),
  disliked: new Set(),
  ...over,
});
const input = (over: Partial<SummaryInput> = {}): SummaryInput => ({
  userId: 'u1',
  modelVersion: 'v1',
  itemIds,
  state: state([]),
  snapshot: undefined,
  erasedAt: undefined,
  ...over,
});

/** A store holding these events and searches of u1 (byUser keeps the latest `limit`). */
function store(events: RecoEvent[], searches: SearchEvent[] = []) {
  const asked: (number | undefined)[] = [];
  return {
    asked,
    byUser: async (_u: string, limit?: number) => {
      asked.push(limit);
      return limit === undefined ? events : events.slice(-limit);
    },
    searchesByUser: async () => searches,
  };
}
const ev = (type: RecoEvent['type'], timestamp: number, itemId = 'i1'): RecoEvent => ({
  userId: 'u1',
  itemId,
  type,
  timestamp,
});

test('unknown to the bundle and the store: undefined', async () => {
  assert.equal(await summarise(input(), store([]), 1000), undefined);
});

test('from the store: counts by type of what the state read (limit), searches, first and last seen', async () => {
  const s = store(
    [
      ev('impression', 500),
      ev('watch', 2000),
      ev('like', 3000),
      ev('dislike', 4000, 'i2'),
      ev('watch', 5000, 'i3'),
    ],
    [{ userId: 'u1', type: 'search', query: 'noir', timestamp: 100 }],
  );
  const tokens = new Int32Array([4, 5]);
  const st = state([1, 3], { disliked: new Set([2]), searches: { tokens, times: new Float64Array(2) } });
  const got = await summarise(input({ state: st }), s, 4);
  assert.deepEqual(s.asked, [4], 'the state’s read, no more');
  assert.deepEqual(got, {
    userId: 'u1',
    modelVersion: 'v1',
    known: { bundle: false, store: true },
    watches: [
      { itemId: 'i3', at: 3000 },
      { itemId: 'i1', at: 1000 },
    ],
    watchedCount: 2,
    dislikedCount: 1,
    counts: { impression: 0, watch: 2, like: 1, dislike: 1, skip: 0, search: 1 },
    searchTokens: 2,
    firstSeen: 100,
    lastSeen: 5000,
  });
});

test('from the bundle alone: known.bundle, the snapshot’s watch times in first and last seen', async () => {
  const snapshot = {
    userId: 'u1',
    watched: [['i1', 700] as [string, number], ['i2', 900] as [string, number]],
    disliked: [],
  };
  const got = await summarise(input({ snapshot, state: state([1, 2]) }), store([]), 1000);
  assert.ok(got);
  assert.deepEqual(got.known, { bundle: true, store: false });
  assert.equal(got.firstSeen, 700);
  assert.equal(got.lastSeen, 900);
  assert.equal(got.erasedAt, undefined);
  assert.equal('erasedAt' in got, false);
});

test('erased: the snapshot no longer counts; with nothing stored since, undefined; with events, erasedAt', async () => {
  const snapshot = { userId: 'u1', watched: [['i1', 700] as [string, number]], disliked: [] };
  assert.equal(await summarise(input({ snapshot, erasedAt: 800 }), store([]), 1000), undefined);
  const got = await summarise(input({ snapshot, erasedAt: 800 }), store([ev('watch', 900)]), 1000);
  assert.ok(got);
  assert.equal(got.erasedAt, 800);
  assert.deepEqual(got.known, { bundle: false, store: true });
  assert.equal(got.firstSeen, 900, 'the snapshot’s times are left out');
});

test(`the latest ${SUMMARY_WATCHES} watches, newest first; a watch without a time reads 0`, async () => {
  const watched = Array.from({ length: 30 }, (_, i) => i + 1);
  const st = state(watched, { watchedAt: new Map([[30, 99]]) });
  const got = await summarise(input({ state: st }), store([ev('watch', 1)]), 1000);
  assert.ok(got);
  assert.equal(got.watches.length, SUMMARY_WATCHES);
  assert.deepEqual(got.watches[0], { itemId: 'i30', at: 99 });
  assert.deepEqual(got.watches[1], { itemId: 'i29', at: 0 });
  assert.equal(got.watches.at(-1)?.itemId, 'i11');
  assert.equal(got.watchedCount, 30);
  assert.equal(got.searchTokens, 0);
});
