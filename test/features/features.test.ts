import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RECENCY_DECAY, writeHistory } from '../../src/features/history.ts';
import { createItemTable, createWatchLog, recentWatches } from '../../src/features/item-table.ts';
import { ageBucket, createFeatureSpec, queryDenseWidth, writeQueryDense } from '../../src/features/spec.ts';

test('history: last N items, left-padded, mean and recency weights', () => {
  const n = 4;
  const ids = new Int32Array(n);
  const mean = new Float32Array(n);
  const recent = new Float32Array(n);
  writeHistory([7, 8, 9], n, ids, mean, recent, 0);
  assert.deepEqual([...ids], [0, 7, 8, 9]);
  assert.deepEqual(
    [...mean].map((x) => +x.toFixed(6)),
    [0, 0.333333, 0.333333, 0.333333],
  );
  // weights d^2, d, 1 normalised
  const z = RECENCY_DECAY ** 2 + RECENCY_DECAY + 1;
  assert.ok(Math.abs(recent[3] - 1 / z) < 1e-6 && Math.abs(recent[1] - RECENCY_DECAY ** 2 / z) < 1e-6);
  writeHistory([1, 2, 3, 4, 5, 6], n, ids, mean, recent, 0);
  assert.deepEqual([...ids], [3, 4, 5, 6]);
  writeHistory([], n, ids, mean, recent, 0);
  assert.deepEqual([...mean], [0, 0, 0, 0]);
});

test('dense query features: one-hots land where the spec says, unknowns in bucket 0', () => {
  const spec = createFeatureSpec(
    [{ itemId: 'i1', topic: 't', tags: [], durationSec: 10, publishedAt: 0 }],
    [{ userId: 'u', age: 30, country: 'DE', device: 'tv' }],
  );
  const w = queryDenseWidth(spec);
  const out = new Float32Array(w);
  writeQueryDense(
    spec,
    { user: { age: 30, country: 'DE', device: 'tv' }, time: Date.UTC(2026, 0, 5, 6) },
    out,
    0,
  );
  // 8 age buckets | countries [oov, DE] | user devices [oov, tv] | request devices [oov, tv] | sin cos | 7 weekdays | 2 example age
  assert.equal(w, 8 + 2 + 2 + 2 + 2 + 7 + 2);
  assert.deepEqual([...out.slice(23)], [0, 0], 'no example age: serving');
  assert.equal(out[ageBucket(30)], 1);
  assert.equal(out[8 + 1], 1); // DE
  assert.equal(out[10 + 1], 1); // user device tv
  assert.equal(out[12 + 1], 1); // request device falls back to the user's
  assert.ok(Math.abs(out[14] - 1) < 1e-6); // 06:00 -> sin(pi/2)
  assert.equal(out[16 + 1], 1); // 2026-01-05 is a Monday
  writeQueryDense(spec, { device: 'fridge', country: 'XX', time: 0 }, out, 0);
  assert.equal(out[0], 1); // unknown age
  assert.equal(out[8], 1); // unknown country -> OOV
  assert.equal(out[12], 1); // unknown device -> OOV
});

test('ranker affinity features: topic share, same topic as the last watch, recency of the topic', async () => {
  const { rankerWidth, writeRankerFeatures } = await import('../../src/features/ranking.ts');
  const spec = createFeatureSpec(
    ['A', 'A', 'B', 'C'].map((topic, i) => ({
      itemId: `i${i + 1}`,
      topic,
      tags: [],
      durationSec: 60,
      publishedAt: 0,
    })),
    [],
    4,
  );
  const DAY = 86_400_000;
  const NOW = 100 * DAY;
  // Item watch log: i1 watched 3 times in the last week, i3 once 10 days ago.
  const log = createWatchLog(
    [
      { item: 1, time: NOW - DAY },
      { item: 1, time: NOW - 2 * DAY },
      { item: 1, time: NOW - 3 * DAY },
      { item: 3, time: NOW - 10 * DAY },
      { item: 1, time: NOW + DAY }, // after the query time: never counted
    ],
    5,
  );
  const items = createItemTable(spec, [], new Float64Array(5), { log });
  items.topic.set([0, 1, 1, 2, 3]);
  const dim = 1;
  const width = rankerWidth(spec, dim);
  const out = new Float32Array(width);
  // history oldest first: [pad, i1 (A) 9 days ago, i3 (B) 3 days ago, i2 (A) 1 day ago]; candidate i1 (topic A)
  const q = {
    psi: Float32Array.from([1]),
    psiOffset: 0,
    dense: new Float32Array(64),
    denseOffset: 0,
    history: Int32Array.from([0, 1, 3, 2]),
    historyTimes: Float64Array.from([0, NOW - 9 * DAY, NOW - 3 * DAY, NOW - DAY]),
    historyOffset: 0,
    time: NOW,
  };
  const ctx = { spec, items, vectors: Float32Array.from([0, 1, 1, 1, 1]), dim };
  // after ψ, v, ψ⊙v, dot, topic one-hot: duration, age, popularity, trend, rank; then affinity
  const scalars = 3 * dim + 1 + spec.topics.ids.length;
  const at = scalars + 5;
  const round = (xs: Float32Array) => [...xs].map((x) => +x.toFixed(4));
  writeRankerFeatures(ctx, q, 1, out, 0, 0);
  // 2 of 3 watches are A; last watch A; latest A is the last; A last watched 1 day ago
  assert.deepEqual(round(out.slice(at, at + 4)), [0.6667, 1, 1, +(Math.log1p(1) / 6).toFixed(4)]);
  // trend: 3 watches of i1 in [now − 7 days, now); rank 0
  assert.deepEqual(round(out.slice(scalars + 3, scalars + 5)), [+(Math.log1p(3) / 6).toFixed(4), 0]);
  writeRankerFeatures(ctx, q, 3, out, 0, 41); // topic B: 1 of 3, not the last, 1 step before; 3 days ago
  assert.deepEqual(round(out.slice(at, at + 4)), [0.3333, 0, 0.5, +(Math.log1p(3) / 6).toFixed(4)]);
  // i3's only watch is 10 days old: no trend; retrieval rank 41
  assert.deepEqual(round(out.slice(scalars + 3, scalars + 5)), [0, +(Math.log1p(41) / 6).toFixed(4)]);
  writeRankerFeatures(ctx, q, 4, out, 0, 1); // topic C: never watched
  assert.deepEqual([...out.slice(at, at + 4)], [0, 0, 0, 2]);
  // every embedding here is [1]: the item points the same way as the history's mean
  assert.equal(out[at + 4], 1);
});

test('the trend at serving is the snapshot of the last week of the training data', () => {
  const spec = createFeatureSpec([], [], 4);
  const log = createWatchLog(
    [
      { item: 0, time: 10 * 86_400_000 },
      { item: 0, time: 2 * 86_400_000 },
    ],
    1,
  );
  const trained = createItemTable(spec, [], new Float64Array(1), { log });
  assert.deepEqual([...trained.recentWatches], [1], 'only the watch within 7 days of the last one');
  const served = createItemTable(spec, [], new Float64Array(1), { recent: trained.recentWatches });
  assert.equal(recentWatches(served, 0, 1e15), 1);
});

test('retrieval ranks of candidates count the excluded (watched) items above them, as training does', async () => {
  const { ranksWithExcluded } = await import('../../src/features/ranking.ts');
  const { retrievalRank } = await import('../../src/training/train-ranker.ts');
  // item:            0 (OOV)  1    2    3    4    5
  const scores = Float32Array.from([9, 0.5, 0.9, 0.1, 0.7, 0.3]);
  const excluded = new Set([2, 5]);
  const cands = [4, 1, 3]; // the top 3 once 0, 2 and 5 are masked
  const ranks = ranksWithExcluded(scores, cands, excluded);
  assert.deepEqual([...ranks], [1, 2, 4]);
  assert.deepEqual(
    [...ranks],
    cands.map((c) => retrievalRank(scores, c)),
  );
});

test('example age: days before the end of the data in training, 0 for validation and serving', async () => {
  const { buildRetrievalData } = await import('../../src/features/query.ts');
  const spec = createFeatureSpec(
    ['a', 'b', 'c'].map((itemId) => ({ itemId, topic: 't', tags: [], durationSec: 1, publishedAt: 0 })),
    [],
    4,
  );
  const DAY = 86_400_000;
  const watches = [1, 2, 3].map((item, k) => ({ item, time: (10 + k * 5) * DAY, watchTimeSec: 1 }));
  const tl = { userId: 'u', watches, impressions: [], disliked: new Set<number>() };
  const w = queryDenseWidth(spec);
  const ageOf = (dense: Float32Array, r: number) => dense[r * w + w - 1] * 365; // the "years" slot
  const on = buildRetrievalData(spec, [tl as never], new Map(), true, true);
  assert.deepEqual(
    [0, 1].map((r) => Math.round(ageOf(on.train.dense, r))),
    [10, 5],
    'watches 10 and 5 days before the last one',
  );
  assert.equal(ageOf(on.valid.dense, 0), 0, 'validation stands for serving');
  const off = buildRetrievalData(spec, [tl as never], new Map(), true, false);
  assert.equal(ageOf(off.train.dense, 0), 0);
});

test('time-decayed bag: weights halve every half-life of days before the latest watch; padding gets none', async () => {
  const { allocateExamples, writeExample, TIME_DECAY_HALF_LIFE_DAYS } = await import(
    '../../src/features/query.ts'
  );
  const spec = createFeatureSpec(
    ['a', 'b', 'c'].map((itemId) => ({ itemId, topic: 't', tags: [], durationSec: 1, publishedAt: 0 })),
    [],
    4,
  );
  const DAY = 86_400_000;
  const now = 100 * DAY;
  const ex = allocateExamples(spec, 1);
  const ago = [2 * TIME_DECAY_HALF_LIFE_DAYS, TIME_DECAY_HALF_LIFE_DAYS, 0];
  writeExample(
    spec,
    ex,
    0,
    [1, 2, 3],
    undefined,
    { time: now },
    0,
    ago.map((d) => now - d * DAY),
  );
  const w = [...ex.timeWeights];
  assert.equal(w[0], 0, 'padding slot');
  // raw weights 1/4, 1/2, 1 -> normalised by 1.75
  assert.deepEqual(
    w.slice(1).map((x) => +x.toFixed(4)),
    [0.25 / 1.75, 0.5 / 1.75, 1 / 1.75].map((x) => +x.toFixed(4)),
  );
});
