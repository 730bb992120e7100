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
