import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExactIndex } from '../../src/index/exact.ts';
import { randomVectors } from '../helpers/random.ts';

test('exact search returns the k largest inner products, best first, never row 0', () => {
  const dim = 5; // not a multiple of 4: the tail of the unrolled sum counts too
  const vectors = randomVectors(51, dim, 3);
  const index = new ExactIndex(vectors, dim);
  assert.equal(index.size, 50);
  const q = randomVectors(1, dim, 4);
  const dot = (i: number) => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += q[d] * vectors[i * dim + d];
    return s;
  };
  const want = Array.from({ length: 50 }, (_, i) => i + 1)
    .sort((a, b) => dot(b) - dot(a))
    .slice(0, 7);
  const got = index.search(q, 7);
  assert.deepEqual([...got.items], want);
  for (let j = 0; j < want.length; j++) assert.ok(Math.abs(got.scores[j] - dot(want[j])) < 1e-5);
  assert.equal(index.search(q, 500).items.length, 50, 'k beyond the catalogue: every item once');
});
