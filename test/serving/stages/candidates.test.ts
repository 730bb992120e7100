import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserIndex } from '../../../src/candidates/user-index.ts';
import type { Timeline } from '../../../src/data/interactions.ts';
import { buildRetrievalData } from '../../../src/features/query.ts';
import { attachSearches } from '../../../src/features/search-history.ts';
import { createFeatureSpec, queryDenseWidth } from '../../../src/features/spec.ts';
import { DAY_MS } from '../../../src/foundation/time.ts';
import { SoftmaxDnn } from '../../../src/models/retrieval/softmax-dnn.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import {
  embedQuery,
  requestContext,
  searchDepth,
  seedUserIndex,
} from '../../../src/serving/stages/candidates.ts';
import { buildUserState, type UserState } from '../../../src/serving/user-state.ts';

const item = (itemId: string) => ({ itemId, topic: 't', tags: [], durationSec: 60, publishedAt: 0 });
const spec = createFeatureSpec(['a', 'b', 'c'].map(item), [{ userId: 'u', country: 'fr', device: 'tv' }], 4);
const state = (watched: [number, number][], disliked: number[] = []): UserState => ({
  watched: watched.map(([i]) => i),
  watchedAt: new Map(watched),
  disliked: new Set(disliked),
  lastContext: { device: 'tv', country: 'fr' },
});
const opts = { candidates: 200, candidatesPerItem: 5, minCandidates: 50 };

test('the request context wins, the last seen context fills what it leaves out', () => {
  const s = state([]);
  assert.deepEqual(requestContext({ context: { device: 'phone' } }, s, 7), {
    device: 'phone',
    country: 'fr',
    time: 7,
  });
  assert.deepEqual(requestContext({}, { lastContext: undefined }, 7), {
    device: undefined,
    country: undefined,
    time: 7,
  });
});

test('search depth: a multiple of k between the floor and the cap, plus what the filters will drop', () => {
  const none = state([]);
  assert.equal(searchDepth(opts, 4, none, false), 50, 'floor');
  assert.equal(searchDepth(opts, 20, none, false), 100);
  assert.equal(searchDepth(opts, 100, none, false), 200, 'cap');
  assert.equal(searchDepth(opts, 20, none, true), 500, 'post-filters widen 5x');
  const heavy = state(
    [
      [1, 10],
      [2, 20],
    ],
    [3],
  );
  assert.equal(searchDepth(opts, 20, heavy, false), 103, 'watched and disliked on top');
});

test('embedQuery writes the history right-aligned with its times and frees the tower output', async () => {
  await initTf('wasm');
  // A stand-in tower whose ψ is the history slots themselves, so the test sees what it was fed.
  const tower = {
    query: (b: { historyIds: Int32Array }) => tf.tensor2d(Float32Array.from(b.historyIds), [1, 4]),
  };
  const before = tf.memory().numTensors;
  const q = embedQuery(
    spec,
    tower,
    state([
      [2, 1000],
      [3, 2000],
    ]),
    {},
    5000,
  );
  assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  assert.deepEqual([...q.psi], [0, 0, 2, 3]);
  assert.deepEqual([...q.examples.historyTimes], [0, 0, 1000, 2000]);
  assert.equal(q.examples.size, 1);
});

test('seeding the user index keeps the most recent watchers when it overflows, across batches', async () => {
  await initTf('wasm');
  // 1,500 users (two seed batches); user n last watched at time n.
  const users = new Map(
    Array.from({ length: 1500 }, (_, n) => [
      `u${n}`,
      { userId: `u${n}`, watched: [['a', n + 1]] as [string, number][], disliked: [] },
    ]),
  );
  const retrieval = {
    query: (ex: { labels: Float32Array }) => tf.ones([ex.labels.length, 4]) as tf.Tensor2D,
  };
  const index = new UserIndex(4, 1500);
  seedUserIndex({ spec, retrieval: retrieval as never, users }, index, 0);
  assert.equal(index.size, 1500);
  for (let i = 0; i < 10; i++) index.upsert(`new${i}`, Float32Array.from([1, 0, 0, 0]), [1]);
  // The ten evicted are the ten least recent watchers; the most recent are all still there.
  for (let n = 0; n < 10; n++) assert.equal(index.has(`u${n}`), false, `u${n} evicted`);
  for (let n = 10; n < 1500; n += 97) assert.equal(index.has(`u${n}`), true, `u${n} kept`);
  assert.equal(index.has('u1499'), true);
});

test('train/serve agreement: ψ(x) at serving equals the training example’s, searches included', async () => {
  await initTf('wasm');
  const before = tf.memory().numTensors;
  const users = [{ userId: 'u', age: 30, country: 'fr', device: 'tv' }];
  const s4 = createFeatureSpec(['a', 'b', 'c', 'd'].map(item), users, 4);
  const model = new SoftmaxDnn({
    numItems: s4.items.ids.length,
    denseWidth: queryDenseWidth(s4),
    historyLength: 4,
    dim: 8,
    hidden: [8],
    seed: 5,
    lastItemInput: true,
    timeDecayInput: true,
    searchBuckets: 64,
    searchLength: 5,
  });
  const ctx = { device: 'tv', country: 'fr' };
  const watches = [1, 3, 2, 4].map((i, k) => ({ item: i, time: (k + 1) * DAY_MS, ...ctx }));
  const searches = [
    { userId: 'u', type: 'search' as const, query: 'jazz piano live', timestamp: 0.5 * DAY_MS },
    { userId: 'u', type: 'search' as const, query: 'noir classics', timestamp: 1.5 * DAY_MS },
    { userId: 'u', type: 'search' as const, query: 'cooking for beginners', timestamp: 3.5 * DAY_MS },
    // Typed after the held-out watch: neither side may read it.
    { userId: 'u', type: 'search' as const, query: 'future only', timestamp: 5 * DAY_MS },
  ];
  const tl: Timeline = { userId: 'u', watches, impressions: [], disliked: new Set() };
  attachSearches(new Map([['u', tl]]), searches, 64);
  // Training's feature writer: the held-out (last) watch is the validation row, at its time.
  const data = buildRetrievalData(s4, [tl], new Map(users.map((u) => [u.userId, u])), true, false, false, 5);
  const trained = tf.tidy(() => model.query(data.valid).dataSync().slice());
  // Serving: the first searches in the bundle snapshot, the rest from the store, asked at that time.
  const snapshot = {
    ...users[0],
    watched: watches.slice(0, 3).map((w) => [s4.items.ids[w.item], w.time] as [string, number]),
    disliked: [],
    searches: searches.slice(0, 2).map((x) => [x.query, x.timestamp] as [string, number]),
  };
  const st = buildUserState(s4.items, snapshot, [], {
    buckets: 64,
    length: 5,
    events: searches.slice(1),
    asOf: watches[3].time,
  });
  const served = embedQuery(s4, model, st, { context: ctx }, watches[3].time);
  assert.ok(
    data.valid.searchWeights!.some((w) => w > 0),
    'the example reads searches',
  );
  assert.deepEqual([...served.examples.searchIds!], [...data.valid.searchIds!]);
  assert.equal(served.psi.length, trained.length);
  served.psi.forEach((x, k) => {
    assert.ok(Math.abs(x - trained[k]) <= 1e-5, `ψ[${k}]: served ${x}, trained ${trained[k]}`);
  });
  // Without the searches the served ψ differs: the agreement above is not the zero bag twice.
  const blind = embedQuery(s4, model, { ...st, searches: undefined }, { context: ctx }, watches[3].time);
  assert.ok(blind.psi.some((x, k) => Math.abs(x - trained[k]) > 1e-4));
  model.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
});
