import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { rankColumns, retrievalRank } from '../../src/training/rank-columns.ts';

before(async () => {
  await initTf('wasm');
});

test('retrieval rank: 0-based position among the catalogue by score, the OOV row 0 left out', () => {
  const row = Float32Array.from([100, 0.5, 0.9, 0.1, 0.7]);
  assert.equal(retrievalRank(row, 2), 0);
  assert.equal(retrievalRank(row, 4), 1);
  assert.equal(retrievalRank(row, 3), 3);
});

test('a small catalogue is ranked exactly against all of it; the columns tensor is the caller’s to free', () => {
  const dim = 2;
  const vectors = Float32Array.from([0, 0, 1, 0, 0, 1, 2, 0]);
  const before = tf.memory().numTensors;
  const cols = rankColumns(vectors, 4, dim, 1);
  assert.equal(cols.cols, 4);
  const scored = Float32Array.from([0, 1, 0, 2]); // ψ = (1, 0)
  assert.equal(cols.rank(scored, Float32Array.from([1, 0]), 0, 3), 0);
  assert.equal(cols.rank(scored, Float32Array.from([1, 0]), 0, 2), 2);
  cols.items.dispose();
  assert.equal(tf.memory().numTensors, before);
});
