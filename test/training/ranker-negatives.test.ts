import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Timeline } from '../../src/data/interactions.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { DEFAULT_RANKER_CONFIG } from '../../src/training/ranker-config.ts';
import { retrievalNegatives } from '../../src/training/ranker-negatives.ts';
import { fixedScorer } from '../helpers/training-scorer.ts';

const item = (itemId: string) => ({ itemId, topic: 't', tags: [], durationSec: 60, publishedAt: 0 });
/** A catalogue of n items: vocabulary indices 1..n (0 is the OOV row). */
const specOf = (n: number) =>
  createFeatureSpec(
    Array.from({ length: n }, (_, i) => item(`i${i + 1}`)),
    [],
    4,
  );
const timeline = (userId: string, items: number[]): Timeline => ({
  userId,
  watches: items.map((it, k) => ({ item: it, time: 1000 * (k + 1) })),
  impressions: [],
  disliked: new Set(),
});
const cfg = (negativesPerWatch: number, seed = 11) => ({ ...DEFAULT_RANKER_CONFIG, negativesPerWatch, seed });
/** Scores rising with the index: item n is retrieval's best. */
const rising = (n: number) => Array.from({ length: n + 1 }, (_, i) => i);

before(async () => {
  await initTf('wasm');
});

test('per watch, the configured number of distinct items the user never watched, never the OOV row', () => {
  const spec = specOf(8);
  const out = retrievalNegatives(spec, fixedScorer(rising(8)), [timeline('u', [1, 2, 8])], new Map(), cfg(3));
  const sets = out.get('u')!;
  assert.equal(sets.length, 3, 'one list per watch');
  for (const negs of sets) {
    assert.equal(negs.length, 3);
    assert.equal(new Set(negs).size, 3);
    for (const n of negs) assert.ok(n >= 3 && n <= 7, `item ${n} is unwatched and in the catalogue`);
  }
});

test('a small catalogue gives what it has: every unwatched item at most', () => {
  const spec = specOf(5);
  const out = retrievalNegatives(spec, fixedScorer(rising(5)), [timeline('u', [1, 2])], new Map(), cfg(10));
  for (const negs of out.get('u')!)
    assert.deepEqual(
      [...negs].sort((a, b) => a - b),
      [3, 4, 5],
    );
});

test('drawn among retrieval’s top 50 for the history before each watch', () => {
  const spec = specOf(120);
  // An empty history scores items by index (best: 120); any history by minus it (best: 1).
  const scorer = fixedScorer(rising(120), (batch, r) => {
    const n = spec.historyLength;
    const empty = batch.historyIds.subarray(r * n, (r + 1) * n).every((id) => id === 0);
    return empty ? [1, 0] : [-1, 0];
  });
  const out = retrievalNegatives(spec, scorer, [timeline('u', [60, 61])], new Map(), cfg(100));
  const [first, second] = out.get('u')!;
  assert.equal(first.length, 50, 'the pool is 50 deep');
  assert.deepEqual(
    [...first].sort((a, b) => a - b),
    Array.from({ length: 50 }, (_, i) => 71 + i),
    'the first watch: the 50 best by the empty history',
  );
  assert.deepEqual(
    [...second].sort((a, b) => a - b),
    Array.from({ length: 50 }, (_, i) => 1 + i),
    'the second watch: the 50 best by its history',
  );
});

test('seeded: the same seed draws the same negatives, another seed others', () => {
  const spec = specOf(40);
  const tls = [timeline('a', [1, 2, 3]), timeline('b', [4])];
  const draw = (seed: number) =>
    retrievalNegatives(spec, fixedScorer(rising(40)), tls, new Map(), cfg(3, seed));
  assert.deepEqual(draw(5), draw(5));
  assert.notDeepEqual(draw(5), draw(6));
});

test('every timeline gets an entry, a user without watches an empty one; no tensor is left', () => {
  const spec = specOf(6);
  const before = tf.memory().numTensors;
  const out = retrievalNegatives(
    spec,
    fixedScorer(rising(6)),
    [timeline('quiet', []), timeline('u', [2])],
    new Map(),
    cfg(2),
  );
  assert.deepEqual(out.get('quiet'), []);
  assert.equal(out.get('u')!.length, 1);
  assert.equal(tf.memory().numTensors, before);
});
