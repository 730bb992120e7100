import assert from 'node:assert/strict';
import { test } from 'node:test';
import { incompleteBeta, welchTTest } from '../../src/features/t-test.ts';

const m = (xs: number[]) => ({
  n: xs.length,
  sum: xs.reduce((a, b) => a + b, 0),
  sumSq: xs.reduce((a, b) => a + b * b, 0),
});

test("Welch's t, df and two-sided p on a worked example", () => {
  // [1..5] against [2, 4, .., 12]: t = -2.3764, df = 6.972, p = 0.0493 (as scipy's ttest_ind with equal_var=False).
  const r = welchTTest(m([1, 2, 3, 4, 5]), m([2, 4, 6, 8, 10, 12]));
  assert.ok(Math.abs(r.t + 2.3764) < 1e-4, `t ${r.t}`);
  assert.ok(Math.abs(r.df - 6.9723) < 1e-3, `df ${r.df}`);
  assert.ok(Math.abs(r.p - 0.0493) < 5e-4, `p ${r.p}`);
});

test('the incomplete beta at known points; the edge cases of the test', () => {
  assert.ok(Math.abs(incompleteBeta(0.5, 2, 3) - 11 / 16) < 1e-12);
  assert.ok(Math.abs(incompleteBeta(0.3, 1, 1) - 0.3) < 1e-12);
  assert.equal(incompleteBeta(0, 2, 2), 0);
  assert.equal(incompleteBeta(1, 2, 2), 1);
  assert.deepEqual(welchTTest(m([1]), m([1, 2])), { t: 0, df: 0, p: 1 });
  assert.equal(welchTTest(m([1, 1]), m([1, 1])).p, 1);
  assert.equal(welchTTest(m([2, 2]), m([1, 1])).p, 0);
  assert.ok(welchTTest(m([1, 2, 3, 4]), m([1, 2, 3, 4])).p > 0.99);
});
