import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gramMatrix, scoreFromRows } from '../../../src/models/baselines/gram.ts';

const row = (g: ArrayLike<number>, i: number, n: number) => Array.from(g).slice(i * n, (i + 1) * n);

test('gramMatrix: diagonal counts watchers, off-diagonal co-watchers, symmetric', () => {
  const n = 5;
  const g = gramMatrix(
    [
      [1, 2, 3],
      [2, 3],
      [3, 4],
    ],
    n,
  );
  assert.ok(g instanceof Float64Array);
  assert.equal(g.length, n * n);
  assert.deepEqual(row(g, 1, n), [0, 1, 1, 1, 0]);
  assert.deepEqual(row(g, 2, n), [0, 1, 2, 2, 0]);
  assert.deepEqual(row(g, 3, n), [0, 1, 2, 3, 1]);
  assert.deepEqual(row(g, 4, n), [0, 0, 0, 1, 1]);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.equal(g[i * n + j], g[j * n + i]);
});

test('gramMatrix: a repeated watch by one user counts once', () => {
  const g = gramMatrix([[2, 2, 2, 1, 1]], 3);
  assert.deepEqual(Array.from(g), [0, 0, 0, 0, 1, 1, 0, 1, 1]);
});

test('gramMatrix: the OOV index 0, negative and out-of-catalogue ids are ignored', () => {
  const g = gramMatrix([[0, -1, 1, 3, 99]], 3);
  assert.deepEqual(Array.from(g), [0, 0, 0, 0, 1, 0, 0, 0, 0]);
});

test('gramMatrix: no histories, or empty ones, give the zero matrix', () => {
  assert.deepEqual(Array.from(gramMatrix([], 3)), new Array(9).fill(0));
  assert.deepEqual(Array.from(gramMatrix([[], []], 2)), [0, 0, 0, 0]);
});

test('gramMatrix reads any iterable of histories, a generator too', () => {
  function* histories() {
    yield [1, 2];
    yield [1];
  }
  assert.deepEqual(Array.from(gramMatrix(histories(), 3)), [0, 0, 0, 0, 2, 1, 0, 1, 1]);
});

test('scoreFromRows sums the rows of the distinct watched items; item 0 is -Infinity', () => {
  const n = 3;
  const w = Float32Array.from([9, 9, 9, 1, 2, 3, 10, 20, 30]);
  const s = scoreFromRows(w, [1, 2, 1], n);
  assert.ok(s instanceof Float32Array);
  assert.deepEqual(Array.from(s), [Number.NEGATIVE_INFINITY, 22, 33]);
});

test('scoreFromRows skips OOV and out-of-range history entries and takes float64 weights', () => {
  const n = 3;
  const w = Float64Array.from([100, 100, 100, 1, 2, 3, 5, 5, 5]);
  assert.deepEqual(Array.from(scoreFromRows(w, [0, -2, 7, 1], n)), [Number.NEGATIVE_INFINITY, 2, 3]);
});

test('scoreFromRows of an empty history is zero everywhere but item 0', () => {
  assert.deepEqual(Array.from(scoreFromRows(new Float32Array(9).fill(4), [], 3)), [
    Number.NEGATIVE_INFINITY,
    0,
    0,
  ]);
});
