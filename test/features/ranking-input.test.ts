import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queryRow } from '../../src/features/ranking-input.ts';
import { createFeatureSpec, queryDenseWidth } from '../../src/features/spec.ts';

const spec = createFeatureSpec([], [{ userId: 'u', country: 'FR', device: 'tv' }], 4);

test('row r of a batch: offsets into the shared arrays, no copies', () => {
  const w = queryDenseWidth(spec);
  const batch = {
    dense: new Float32Array(3 * w),
    historyIds: new Int32Array(3 * 4),
    historyTimes: new Float64Array(3 * 4),
  };
  const psi = new Float32Array(5 * 8);
  const q = queryRow(spec, 8, batch, 2, psi, 4, 1234);
  assert.equal(q.psi, psi);
  assert.equal(q.psiOffset, 32);
  assert.equal(q.dense, batch.dense);
  assert.equal(q.denseOffset, 2 * w);
  assert.equal(q.history, batch.historyIds);
  assert.equal(q.historyTimes, batch.historyTimes);
  assert.equal(q.historyOffset, 8);
  assert.equal(q.time, 1234);
});

test('the ψ row is independent of the batch row (a ψ per candidate batch)', () => {
  const batch = {
    dense: new Float32Array(0),
    historyIds: new Int32Array(0),
    historyTimes: new Float64Array(0),
  };
  const q = queryRow(spec, 3, batch, 5, new Float32Array(0), 0, 0);
  assert.equal(q.psiOffset, 0);
  assert.equal(q.historyOffset, 20);
});
