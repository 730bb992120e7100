import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createRng } from '../../../src/data/demo/rng.ts';

const draws = (seed: number, n: number) => {
  const r = createRng(seed);
  return Array.from({ length: n }, () => r.next());
};

test('the same seed gives the same sequence; nearby seeds differ from the first draw', () => {
  assert.deepEqual(draws(42, 50), draws(42, 50));
  const a = draws(1, 5);
  const b = draws(2, 5);
  for (let i = 0; i < 5; i++) assert.notEqual(a[i], b[i]);
});

test('next() is uniform in [0, 1): mean, variance and deciles', () => {
  const xs = draws(7, 20_000);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1 / 12) < 0.005, `variance ${variance}`);
  const deciles = new Array(10).fill(0);
  for (const x of xs) deciles[Math.floor(x * 10)]++;
  for (const c of deciles) assert.ok(Math.abs(c - 2000) < 200, `decile count ${c}`);
});

test('int(n) stays in [0, n) and hits every value', () => {
  fc.assert(
    fc.property(fc.integer(), fc.integer({ min: 1, max: 20 }), (seed, n) => {
      const r = createRng(seed);
      const seen = new Set<number>();
      for (let i = 0; i < 400; i++) {
        const k = r.int(n);
        if (!Number.isInteger(k) || k < 0 || k >= n) return false;
        seen.add(k);
      }
      return seen.size === n;
    }),
    { numRuns: 50 },
  );
});

test('normal() has mean 0 and standard deviation 1', () => {
  const r = createRng(3);
  const xs = Array.from({ length: 20_000 }, () => r.normal());
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  assert.ok(xs.every(Number.isFinite));
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(sd - 1) < 0.03, `sd ${sd}`);
});

test('weightedIndex draws in proportion to the weights and never picks a zero weight', () => {
  const r = createRng(11);
  const w = [0, 1, 3, 0, 6];
  const counts = new Array(w.length).fill(0);
  for (let i = 0; i < 10_000; i++) counts[r.weightedIndex(w)]++;
  assert.equal(counts[0], 0);
  assert.equal(counts[3], 0);
  assert.ok(Math.abs(counts[1] / 10_000 - 0.1) < 0.02, `${counts}`);
  assert.ok(Math.abs(counts[4] / 10_000 - 0.6) < 0.02, `${counts}`);
  // A given total is used as is; a draw past the weights falls on the last index.
  assert.equal(createRng(1).weightedIndex(Float64Array.from([0, 0]), 1), 1);
});

test('poisson(λ) has mean λ and is a non-negative integer', () => {
  const r = createRng(5);
  for (const lambda of [0.5, 3, 8]) {
    const xs = Array.from({ length: 10_000 }, () => r.poisson(lambda));
    assert.ok(xs.every((x) => Number.isInteger(x) && x >= 0));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(Math.abs(mean - lambda) < 0.05 * lambda + 0.05, `λ ${lambda}: mean ${mean}`);
  }
  assert.equal(createRng(1).poisson(0), 0);
});

test('shuffle permutes in place and pick returns a member', () => {
  fc.assert(
    fc.property(fc.integer(), fc.array(fc.integer(), { maxLength: 40 }), (seed, xs) => {
      const r = createRng(seed);
      const copy = [...xs];
      const out = r.shuffle(copy);
      assert.equal(out, copy);
      assert.deepEqual(
        [...out].sort((a, b) => a - b),
        [...xs].sort((a, b) => a - b),
      );
      if (xs.length > 0) assert.ok(xs.includes(r.pick(xs)));
    }),
  );
  const t = Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  createRng(9).shuffle(t);
  assert.notDeepEqual([...t], [1, 2, 3, 4, 5, 6, 7, 8], 'typed arrays are shuffled too');
});
