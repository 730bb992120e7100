import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { LoadedBundle } from '../../src/bundle/read.ts';
import type { RecoEvent } from '../../src/data/types.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import type { TrainingInput } from '../../src/training/pipeline.ts';
import { compareOnSharedSplit } from '../../src/training/shared-split.ts';
import { fixedScorer } from '../helpers/training-scorer.ts';

const item = (itemId: string) => ({ itemId, topic: 't', tags: [], durationSec: 60, publishedAt: 0 });
const letters = 'abcdefghijkl'.split('');

/** A bundle over `ids` whose retrieval scores the item at index i as score(i), for every query. */
function bundle(ids: string[], score: (i: number) => number, known: string[]): LoadedBundle {
  const spec = createFeatureSpec(ids.map(item), [], 4);
  const scorer = fixedScorer(Array.from({ length: ids.length + 1 }, (_, i) => score(i)));
  return {
    spec,
    users: new Map(known.map((userId) => [userId, { userId, watched: [], disliked: [] }])),
    manifest: { dims: { dim: 2 } },
    itemVectors: scorer.itemVectors(),
    retrieval: scorer,
  } as unknown as LoadedBundle;
}

let clock = 0;
/** The user's watches of `items`, in that order, each after every event made so far. */
function watches(userId: string, items: string[]): RecoEvent[] {
  return items.map((itemId) => {
    clock += 1000;
    return { userId, itemId, type: 'watch', timestamp: clock };
  });
}
const data = (events: RecoEvent[]): TrainingInput => ({
  items: letters.map(item),
  users: [],
  events: events.sort((a, b) => a.timestamp - b.timestamp),
  source: 'test',
});

// The candidate knows a..l and ranks by index (l first); the current one knows a..j, a first.
const candidate = bundle(letters, (i) => i, ['u1', 'u2', 'u3', 'u4']);
const current = bundle(letters.slice(0, 10), (i) => -i, ['u1', 'u2', 'u4']);
const input = data([
  ...watches('u1', ['a', 'b', 'l']),
  ...watches('u2', ['k', 'c', 'd']),
  ...watches('u3', ['a', 'e']), // a newcomer to the current bundle: not compared
  ...watches('u4', ['f']), // nothing to hold out
]);

before(async () => {
  await initTf('wasm');
});

test('both bundles on the current users’ held-out last watches, each over its own catalogue', () => {
  const r = compareOnSharedSplit(current, candidate, input);
  assert.equal(r.rows, 2, 'u1 and u2: u3 is new to the current bundle, u4 has one watch');
  // u1 → l: the candidate's first (NDCG 1); the current bundle does not know l (a miss, 0).
  // u2 → d after k, c: the candidate ranks 5..12 but k above it (7 → 1/log2 9); the current
  // one ranks a, b above it, its history c excluded and k unknown (2 → 1/log2 4).
  const cand = [1, 1 / Math.log2(9)];
  const cur = [0, 1 / Math.log2(4)];
  assert.ok(Math.abs(r.candidate - (cand[0] + cand[1]) / 2) < 1e-12);
  assert.ok(Math.abs(r.current - (cur[0] + cur[1]) / 2) < 1e-12);
  const d = [cand[0] - cur[0], cand[1] - cur[1]];
  const mean = (d[0] + d[1]) / 2;
  const sd = Math.sqrt((d[0] - mean) ** 2 + (d[1] - mean) ** 2);
  assert.ok(Math.abs(r.diffSe - sd / Math.sqrt(2)) < 1e-12, 'standard error of the paired difference');
});

test('the same bundle on both sides: equal figures, no difference', () => {
  const r = compareOnSharedSplit(candidate, candidate, input);
  assert.equal(r.current, r.candidate);
  assert.equal(r.diffSe, 0);
});

test('maxRows caps the rows, and one row has no spread to estimate', () => {
  const r = compareOnSharedSplit(current, candidate, input, 1);
  assert.equal(r.rows, 1);
  assert.equal(r.candidate, 1);
  assert.equal(r.current, 0);
  assert.equal(r.diffSe, 0);
});

test('no user the current bundle knows: zero rows and zero figures; no tensor left', () => {
  const before = tf.memory().numTensors;
  const stranger = bundle(letters, (i) => i, []);
  assert.deepEqual(compareOnSharedSplit(stranger, candidate, input), {
    rows: 0,
    current: 0,
    candidate: 0,
    diffSe: 0,
  });
  compareOnSharedSplit(current, candidate, input);
  assert.equal(tf.memory().numTensors, before);
});

test('watches of items the candidate does not know are not in its timelines', () => {
  const small = bundle(letters.slice(0, 3), (i) => i, ['u1']);
  // u1's l is outside a..c: its timeline is a, b, and b is the held-out watch.
  const r = compareOnSharedSplit(small, small, input);
  assert.equal(r.rows, 1);
  assert.equal(r.candidate, 1 / Math.log2(3), 'b behind c, a excluded');
});
