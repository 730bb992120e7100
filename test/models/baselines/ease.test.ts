import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_EASE, EASE_MAX_ITEMS, fitEase, invertSpd } from '../../../src/models/baselines/ease.ts';
import { gramMatrix } from '../../../src/models/baselines/gram.ts';
import { assertAllClose } from '../../helpers/close.ts';

function product(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number[] {
  const out = new Array(n * n).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) out[i * n + j] += a[i * n + k] * b[k * n + j];
  return out;
}

test('invertSpd of the identity is the identity; of a diagonal matrix, the reciprocals', () => {
  assert.deepEqual(Array.from(invertSpd(Float64Array.from([1, 0, 0, 1]), 2)), [1, 0, 0, 1]);
  const inv = invertSpd(Float64Array.from([4, 0, 0, 0, 2, 0, 0, 0, 0.5]), 3);
  assertAllClose(inv, [0.25, 0, 0, 0, 0.5, 0, 0, 0, 2], 1e-12);
});

test('invertSpd of a 2 × 2 matrix matches the closed form and A·A⁻¹ = I', () => {
  const a = Float64Array.from([4, 2, 2, 3]);
  const inv = invertSpd(a, 2);
  const det = 4 * 3 - 2 * 2;
  assertAllClose(inv, [3 / det, -2 / det, -2 / det, 4 / det], 1e-12);
  assertAllClose(product(a, inv, 2), [1, 0, 0, 1], 1e-12);
});

test('invertSpd returns a new symmetric matrix and leaves its input as it was', () => {
  const a = Float64Array.from([5, 1, 0, 1, 4, 1, 0, 1, 3]);
  const copy = Float64Array.from(a);
  const inv = invertSpd(a, 3);
  assert.notEqual(inv, a);
  assert.deepEqual(a, copy);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) assert.ok(Math.abs(inv[i * 3 + j] - inv[j * 3 + i]) < 1e-12);
  assertAllClose(product(a, inv, 3), [1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-12);
});

test('fitEase on two items is B_12 = G_12 / (G_11 + λ) (the 2 × 2 inverse in closed form)', () => {
  // Item 1: 3 watchers, item 2: 2, both: 2.
  const histories = [[1, 2], [1, 2], [1]];
  const lambda = 5;
  const b = fitEase(histories, 3, { lambda });
  assert.ok(b instanceof Float32Array);
  assert.ok(Math.abs(b[1 * 3 + 2] - 2 / (3 + lambda)) < 1e-6, `B[1][2] = ${b[5]}`);
  assert.ok(Math.abs(b[2 * 3 + 1] - 2 / (2 + lambda)) < 1e-6, `B[2][1] = ${b[7]}`);
});

test('fitEase is B_ij = −P_ij / P_jj for P = (G + λI)⁻¹, zero on the diagonal', () => {
  const n = 6;
  const histories = [[1, 2, 3], [2, 3], [3, 4, 5], [1, 5], [2, 4], [5]];
  const lambda = 2;
  const g = gramMatrix(histories, n);
  for (let i = 0; i < n; i++) g[i * n + i] += lambda;
  const p = invertSpd(g, n);
  const b = fitEase(histories, n, { lambda });
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const expected = i === j ? 0 : -p[i * n + j] / p[j * n + j];
      assert.ok(
        Math.abs(b[i * n + j] - expected) < 1e-6,
        `B[${i}][${j}] = ${b[i * n + j]}, expected ${expected}`,
      );
    }
});

test('fitEase leaves the OOV row and column and never-watched items at zero', () => {
  const n = 5;
  const b = fitEase(
    [
      [1, 2],
      [2, 3],
      [1, 3],
    ],
    n,
    { lambda: 1 },
  );
  for (let k = 0; k < n; k++) {
    // ±0: −P_ij / P_jj of a zero P_ij may be −0.
    assert.equal(Math.abs(b[k]), 0, `B[0][${k}]`);
    assert.equal(Math.abs(b[k * n]), 0, `B[${k}][0]`);
    assert.equal(Math.abs(b[4 * n + k]), 0, `B[4][${k}]`);
    assert.equal(Math.abs(b[k * n + 4]), 0, `B[${k}][4]`);
  }
  assert.ok(b[1 * n + 2] > 0);
});

test('a larger λ shrinks every weight towards zero', () => {
  const histories = [
    [1, 2],
    [1, 2],
    [2, 3],
    [1, 3, 4],
  ];
  const small = fitEase(histories, 5, { lambda: 0.5 });
  const large = fitEase(histories, 5, { lambda: 500 });
  const norm = (b: Float32Array) => b.reduce((s, x) => s + Math.abs(x), 0);
  assert.ok(norm(large) < norm(small) / 50, `${norm(large)} vs ${norm(small)}`);
  assert.ok(norm(large) > 0);
});

test('fitEase defaults to λ = 300', () => {
  assert.equal(DEFAULT_EASE.lambda, 300);
  const histories = [[1, 2], [1]];
  assert.deepEqual(fitEase(histories, 3), fitEase(histories, 3, { lambda: 300 }));
  assert.ok(Math.abs(fitEase(histories, 3)[5] - 1 / 302) < 1e-7);
});

test('fitEase refuses more than EASE_MAX_ITEMS items with a RangeError naming the limit', () => {
  assert.equal(EASE_MAX_ITEMS, 20_000);
  assert.throws(
    () => fitEase([[1]], EASE_MAX_ITEMS + 1),
    (e: unknown) =>
      e instanceof RangeError && e.message.includes('20001 items') && e.message.includes('20000'),
  );
});
