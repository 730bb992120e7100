import assert from 'node:assert/strict';

/**
 * Element-wise |a - b| <= tol. Float32 products may differ in the last bits between code paths
 * that sum in a different order (OpenBLAS picks its kernel by shape), so exact equality is
 * only asserted where the same path computes both sides.
 */
export function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5, msg = '') {
  assert.equal(actual.length, expected.length, `${msg} length`);
  for (let i = 0; i < actual.length; i++)
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tol,
      `${msg} [${i}]: ${actual[i]} vs ${expected[i]} (tolerance ${tol})`,
    );
}
