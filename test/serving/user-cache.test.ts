import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecoEvent, SearchEvent } from '../../src/data/types.ts';
import { createVocab } from '../../src/data/vocab.ts';
import { searchBuckets } from '../../src/features/search-tokens.ts';
import { stateBytes } from '../../src/serving/state-size.ts';
import { STATE_EVENTS, UserStateCache } from '../../src/serving/user-cache.ts';
import { LOCAL_VERSIONS, type UserVersions } from '../../src/serving/user-versions.ts';

const bundle = { spec: { items: createVocab(['a', 'b']) }, users: new Map() };
const watch = (userId: string, itemId: string): RecoEvent => ({
  userId,
  itemId,
  type: 'watch',
  timestamp: 1,
});

function setup(capacity = 2) {
  const events = new Map<string, RecoEvent[]>();
  let reads = 0;
  let release: (() => void) | undefined;
  const store = {
    byUser: async (u: string) => {
      reads++;
      if (release === null) await new Promise<void>((r) => (release = r));
      return events.get(u) ?? [];
    },
  };
  const version = new Map<string, number>();
  const versions: UserVersions = {
    kind: 'test',
    get: async (u) => String(version.get(u) ?? 0),
    bump: async (us) => {
      for (const u of us) version.set(u, (version.get(u) ?? 0) + 1);
    },
    close: async () => {},
  };
  const cache = new UserStateCache(store, versions, capacity);
  return {
    cache,
    events,
    version,
    reads: () => reads,
    hold: () => (release = null as never),
    release: () => release?.(),
  };
}

test('a second read is a hit; an invalidation makes the next one read the store again', async () => {
  const s = setup();
  s.events.set('u', [watch('u', 'a')]);
  const first = await s.cache.get('u', () => bundle);
  assert.deepEqual(first?.state.watched, [1]);
  assert.equal(first?.bundle, bundle);
  await s.cache.get('u', () => bundle);
  assert.deepEqual([s.cache.hits, s.cache.misses, s.reads()], [1, 1, 1]);
  s.events.set('u', [watch('u', 'a'), watch('u', 'b')]);
  await s.cache.invalidate([watch('u', 'b')]);
  assert.deepEqual((await s.cache.get('u', () => bundle))?.state.watched, [1, 2]);
  assert.equal(s.reads(), 2);
});

test('a version bumped elsewhere (another replica) is a miss', async () => {
  const s = setup();
  await s.cache.get('u', () => bundle);
  s.version.set('u', 5);
  await s.cache.get('u', () => bundle);
  assert.equal(s.cache.misses, 2);
});

test('the least recently used user is evicted past capacity', async () => {
  const s = setup(2);
  for (const u of ['x', 'y', 'x', 'z']) await s.cache.get(u, () => bundle);
  assert.equal(s.cache.size, 2);
  await s.cache.get('x', () => bundle);
  await s.cache.get('y', () => bundle);
  assert.deepEqual([s.cache.hits, s.reads()], [2, 4], 'x stayed (used last), y was evicted');
});

test('a read overtaken by an event is served once and not cached', async () => {
  const s = setup();
  s.hold();
  const pending = s.cache.get('u', () => bundle);
  await new Promise((r) => setImmediate(r));
  let settled = false;
  pending.then(() => (settled = true));
  await s.cache.invalidate([watch('u', 'a')]);
  assert.equal(settled, false, 'the event came while the store read was in flight');
  s.release();
  assert.ok(await pending);
  assert.equal(s.cache.size, 0);
});

test('no bundle after the read: undefined', async () => {
  const s = setup();
  assert.equal(await s.cache.get('u', () => undefined), undefined);
});

test('searches: read with the events when the bundle has a search input, and a search invalidates', async () => {
  const s = setup();
  const typed = new Map<string, SearchEvent[]>();
  let searchReads = 0;
  const store = {
    byUser: async (u: string) => s.events.get(u) ?? [],
    searchesByUser: async (u: string) => {
      searchReads++;
      return typed.get(u) ?? [];
    },
  };
  const versions = {
    kind: 'test',
    get: async () => '0',
    bump: async () => {},
    close: async () => {},
  };
  const cache = new UserStateCache(store, versions, 4);
  const reads = { ...bundle, retrieval: { config: { searchBuckets: 64, searchLength: 4 } } };
  const q: SearchEvent = { userId: 'u', type: 'search', query: 'noir films', timestamp: 1 };
  assert.equal((await cache.get('u', () => reads))?.state.searches, undefined);
  typed.set('u', [q]);
  await cache.invalidate([q]);
  assert.deepEqual(
    [...((await cache.get('u', () => reads))?.state.searches?.tokens ?? [])],
    searchBuckets(q.query, 64),
  );
  const before = searchReads;
  assert.equal((await cache.get('v', () => bundle))?.state.searches, undefined, 'no search input: none');
  assert.equal(searchReads, before, 'and the store’s searches are not read');
});

test('a state reads the latest STATE_EVENTS of the user, not all of them', async () => {
  const limits: (number | undefined)[] = [];
  const store = {
    byUser: async (_u: string, limit?: number) => {
      limits.push(limit);
      return [];
    },
  };
  const cache = new UserStateCache(store, LOCAL_VERSIONS, 10);
  await cache.get('u', () => bundle);
  assert.deepEqual(limits, [STATE_EVENTS]);
});

test('an erased user known to the bundle is served without the snapshot (a cold start)', async () => {
  const snapshot = { userId: 'gone', watched: [['a', 1]] as [string, number][], disliked: ['b'] };
  const b = { spec: { items: createVocab(['a', 'b']) }, users: new Map([['gone', snapshot]]) };
  const erased = new Set<string>();
  const store = {
    byUser: async () => [] as RecoEvent[],
    erasedAt: async (u: string) => (erased.has(u) ? 5 : undefined),
  };
  const cache = new UserStateCache(store, LOCAL_VERSIONS, 10);
  assert.equal((await cache.get('gone', () => b))?.state.watched.length, 1);
  erased.add('gone');
  await cache.invalidate([{ userId: 'gone' }]);
  const after = (await cache.get('gone', () => b))?.state;
  assert.deepEqual(after?.watched, []);
  assert.equal(after?.disliked.size, 0);
  assert.equal(after?.profile, undefined);
});

test('the cache is bounded in bytes as well as in users: the least recently used go first', async () => {
  const many = Array.from({ length: 1000 }, (_, i) => `i${i}`);
  const b = { spec: { items: createVocab(many) }, users: new Map() };
  const heavy = many.map((itemId) => watch('x', itemId));
  const store = { byUser: async (u: string) => (u.startsWith('heavy') ? heavy : [watch(u, 'i1')]) };
  const one = stateBytes((await new UserStateCache(store, LOCAL_VERSIONS, 10).get('heavy0', () => b))!.state);
  const cache = new UserStateCache(store, LOCAL_VERSIONS, 100, 2.5 * one);
  for (const u of ['heavy1', 'heavy2', 'heavy3', 'light']) await cache.get(u, () => b);
  assert.ok(cache.bytes <= 2.5 * one, `${cache.bytes} bytes cached`);
  assert.equal(cache.size, 3, 'heavy1 was evicted, light fits beside two heavy ones');
  await cache.get('heavy2', () => b);
  assert.equal(cache.hits, 1, 'heavy2 stayed');
  await cache.invalidate([{ userId: 'heavy2' }]);
  await cache.invalidate([{ userId: 'heavy3' }]);
  await cache.invalidate([{ userId: 'light' }]);
  assert.equal(cache.bytes, 0, 'dropping states gives their bytes back');
});
