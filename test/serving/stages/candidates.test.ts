import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFeatureSpec } from '../../../src/features/spec.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { embedQuery, requestContext, searchDepth } from '../../../src/serving/stages/candidates.ts';
import type { UserState } from '../../../src/serving/user-state.ts';

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
