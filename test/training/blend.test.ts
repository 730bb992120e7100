import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { trainingItemTable } from '../../src/features/item-table.ts';
import { allocateExamples, writeExample } from '../../src/features/query.ts';
import { rankerWidth } from '../../src/features/ranking.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import type { Ranker } from '../../src/models/ranking/ranker.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { learnBlend } from '../../src/training/blend.ts';
import { fixedScorer } from '../helpers/training-scorer.ts';

const item = (itemId: string) => ({ itemId, topic: 't', tags: [], durationSec: 60, publishedAt: 0 });
// Items i1..i12 at indices 1..12; retrieval scores item i as i (i12 first, i1 last).
const N = 12;
const spec = createFeatureSpec(
  Array.from({ length: N }, (_, i) => item(`i${i + 1}`)),
  [],
  4,
);
const table = trainingItemTable(spec, [], new Float64Array(N + 1), []);
const retrieval = fixedScorer(Array.from({ length: N + 1 }, (_, i) => i));
const width = rankerWidth(spec, 2);

/** A ranker whose log expected watch time of item i is logWatch(i) (the item is read from v's second coordinate). */
const ranker = (logWatch: (item: number) => number) =>
  ({
    score: (features: Float32Array, rows: number) =>
      Float32Array.from({ length: rows }, (_, c) => Math.exp(logWatch(features[c * width + 3]))),
  }) as unknown as Ranker;

/** Validation rows whose held-out watches are `labels`. */
function valid(labels: number[]) {
  const ex = allocateExamples(spec, labels.length);
  labels.forEach((label, r) => {
    writeExample(spec, ex, r, [], undefined, { time: 1000 }, label);
  });
  return ex;
}

const blend = (
  labels: number[],
  rk: Ranker,
  o: { exclude?: Set<number>[]; candidates?: number; maxUsers?: number } = {},
) =>
  learnBlend(
    spec,
    table,
    retrieval,
    { model: rk, sourceFeatures: false },
    valid(labels),
    o.exclude ?? labels.map(() => new Set<number>()),
    labels.map(() => 1000),
    o.candidates ?? N,
    o.maxUsers,
  );

before(async () => {
  await initTf('wasm');
});

test('a ranker that knows the held-out item: the smallest β that lifts it to the top wins', () => {
  // i1 is retrieval's last (rank 11); the ranker gives it alone a log watch time of 47.
  const r = blend(
    [1],
    ranker((i) => (i === 1 ? 47 : 0)),
  );
  // 1 + 47β against the others' 2..12: β 0.05 → rank 9, 0.1 → rank 7, 0.2 → rank 2, 0.5 → rank 0.
  assert.deepEqual(r.ndcg10, {
    '0': 0,
    '0.05': 1 / Math.log2(11),
    '0.1': 1 / Math.log2(9),
    '0.2': 1 / Math.log2(4),
    '0.5': 1,
    '1': 1,
    '2': 1,
  });
  assert.equal(r.beta, 0.5, 'ties go to the smaller β');
});

test('a ranker that adds nothing, or misleads, steps aside: β 0', () => {
  const flat = blend(
    [12],
    ranker(() => 0),
  );
  assert.equal(flat.beta, 0);
  assert.ok(
    Object.values(flat.ndcg10).every((v) => v === 1),
    'retrieval order is kept by every β',
  );
  const wrong = blend(
    [12],
    ranker((i) => (i === 1 ? 47 : 0)),
  );
  assert.equal(wrong.beta, 0);
  assert.equal(wrong.ndcg10['0'], 1);
  assert.equal(wrong.ndcg10['2'], 1 / Math.log2(3), 'a large β puts i1 above the held-out item');
});

test('a held-out item retrieval does not return among its candidates scores 0 for every β', () => {
  const r = blend(
    [1],
    ranker((i) => (i === 1 ? 47 : 0)),
    { candidates: 5 },
  );
  assert.ok(Object.values(r.ndcg10).every((v) => v === 0));
  assert.equal(r.beta, 0);
});

test('excluded items (the history) are not candidates and do not push the held-out item down', () => {
  const none = blend(
    [10],
    ranker(() => 0),
  );
  assert.equal(none.ndcg10['0'], 1 / Math.log2(4), 'i11 and i12 ahead: rank 2');
  const excluded = blend(
    [10],
    ranker(() => 0),
    { exclude: [new Set([11, 12])] },
  );
  assert.equal(excluded.ndcg10['0'], 1);
});

test('NDCG is the mean over the first maxUsers validation rows', () => {
  const rk = ranker(() => 0);
  const both = blend([12, 1], rk);
  assert.equal(both.ndcg10['0'], 0.5, 'one hit at rank 0, one miss');
  const first = blend([12, 1], rk, { maxUsers: 1 });
  assert.equal(first.ndcg10['0'], 1);
});

test('no validation rows: β 0 and zeros, no tensor left behind', () => {
  const before = tf.memory().numTensors;
  const r = blend(
    [],
    ranker(() => 0),
  );
  assert.equal(r.beta, 0);
  assert.deepEqual(Object.keys(r.ndcg10).sort(), ['0', '0.05', '0.1', '0.2', '0.5', '1', '2']);
  assert.ok(Object.values(r.ndcg10).every((v) => v === 0));
  blend(
    [3, 4],
    ranker(() => 0),
  );
  assert.equal(tf.memory().numTensors, before);
});
