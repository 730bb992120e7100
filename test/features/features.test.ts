import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RECENCY_DECAY, writeHistory } from '../../src/features/history.ts';
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
  // 8 age buckets | countries [oov, DE] | user devices [oov, tv] | request devices [oov, tv] | sin cos | 7 weekdays
  assert.equal(w, 8 + 2 + 2 + 2 + 2 + 7);
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
  const items = {
    topic: Int32Array.from([0, 1, 1, 2, 3]),
    durationSec: new Float32Array(5).fill(60),
    publishedAt: new Float64Array(5),
    watches: new Float64Array(5),
  };
  const dim = 1;
  const width = rankerWidth(spec, dim);
  const out = new Float32Array(width);
  // history oldest first: [pad, i1 (A), i3 (B), i2 (A)]; candidate i1 (topic A)
  const q = {
    psi: Float32Array.from([1]),
    psiOffset: 0,
    dense: new Float32Array(64),
    denseOffset: 0,
    history: Int32Array.from([0, 1, 3, 2]),
    historyOffset: 0,
    time: 0,
  };
  const ctx = { spec, items, vectors: Float32Array.from([0, 1, 1, 1, 1]), dim };
  const at = 3 * dim + 1 + spec.topics.ids.length + 3; // after ψ, v, ψ⊙v, dot, topic one-hot, 3 item scalars
  writeRankerFeatures(ctx, q, 1, out, 0);
  assert.deepEqual([...out.slice(at, at + 3)], [Math.fround(2 / 3), 1, 1]); // 2 of 3 watches are A; last watch A; latest A is the last
  writeRankerFeatures(ctx, q, 3, out, 0); // topic B: 1 of 3, last watch is not B, B was 1 step before the last
  assert.deepEqual(
    [...out.slice(at, at + 3)].map((x) => +x.toFixed(4)),
    [0.3333, 0, 0.5],
  );
  writeRankerFeatures(ctx, q, 4, out, 0); // topic C: never watched
  assert.deepEqual([...out.slice(at, at + 3)], [0, 0, 0]);
});
