import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestOf, innerProduct, seenOrDisliked } from '../../src/candidates/source.ts';

const state = { watched: [2], watchedAt: new Map([[2, 1]]), disliked: new Set([3]) };

test('a source never spends its quota on padding, watched or disliked items', () => {
  assert.equal(seenOrDisliked(state, 0), true);
  assert.equal(seenOrDisliked(state, 2), true);
  assert.equal(seenOrDisliked(state, 3), true);
  assert.equal(seenOrDisliked(state, 4), false);
});

test('innerProduct is ψ·v of one row of the item matrix', () => {
  const vectors = Float32Array.from([0, 0, 1, 2, 3, -1]);
  const psi = Float32Array.from([2, 1]);
  assert.equal(innerProduct(psi, vectors, 0), 0);
  assert.equal(innerProduct(psi, vectors, 1), 4);
  assert.equal(innerProduct(psi, vectors, 2), 5);
});

test('bestOf takes the best `quota` by score, skipping seen items, ties by item index', () => {
  const score = (i: number) => ({ 1: 5, 2: 9, 3: 8, 4: 5, 5: 1 })[i] ?? 0;
  assert.deepEqual(bestOf([5, 4, 3, 2, 1], score, 2, state), [1, 4]);
  assert.deepEqual(bestOf([5, 4, 3, 2, 1], score, 10, state), [1, 4, 5]);
  assert.deepEqual(bestOf([], score, 3, state), []);
  assert.deepEqual(bestOf([1, 4], score, 0, state), []);
});

test('bestOf equals sorting the whole pool, on random pools with ties', () => {
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let trial = 0; trial < 200; trial++) {
    const pool = Array.from({ length: 1 + Math.floor(rand() * 300) }, () => Math.floor(rand() * 400));
    const scores = new Map(pool.map((i) => [i, Math.floor(rand() * 20)]));
    const score = (i: number) => scores.get(i) ?? 0;
    const quota = Math.floor(rand() * 40);
    const expected = pool
      .filter((i) => !seenOrDisliked(state, i))
      .sort((a, b) => score(b) - score(a) || a - b)
      .slice(0, quota);
    assert.deepEqual(bestOf(pool, score, quota, state), expected, `trial ${trial}`);
  }
});
