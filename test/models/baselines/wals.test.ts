import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../src/data/demo/rng.ts';
import { fitWals, solveSpd, walsScores } from '../../../src/models/baselines/wals.ts';

test('solveSpd solves a 2x2 system by hand', () => {
  // [[4, 2], [2, 3]] x = [2, 5]  ->  x = [-0.5, 2]
  const x = solveSpd(Float64Array.from([4, 2, 2, 3]), Float64Array.from([2, 5]), 2);
  assert.ok(Math.abs(x[0] + 0.5) < 1e-12 && Math.abs(x[1] - 2) < 1e-12);
});

test('WALS recovers two groups: unseen items of the own group outrank the other group', () => {
  // users 0-3 watch items 1-4 (group A, each missing one), users 4-7 watch items 5-8 (group B)
  const byUser = [0, 1, 2, 3].map((u) => [1, 2, 3, 4].filter((i) => i !== u + 1));
  for (const u of [0, 1, 2, 3]) byUser.push([5, 6, 7, 8].filter((i) => i !== u + 5));
  const m = fitWals(byUser, 9, { dim: 4, w0: 0.1, lambda: 0.1, iterations: 15, seed: 1 }, createRng(1).next);
  const s = walsScores(m, 0, 9); // user 0 never watched item 1
  for (const other of [5, 6, 7, 8])
    assert.ok(s[1] > s[other], `item 1 (${s[1]}) vs item ${other} (${s[other]})`);
});
