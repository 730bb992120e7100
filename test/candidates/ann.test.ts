import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annSource } from '../../src/candidates/ann.ts';
import type { SourceInput } from '../../src/candidates/source.ts';
import { ExactIndex } from '../../src/index/exact.ts';

// dim 2, five items, ψ·v of item i is its first coordinate.
const vectors = Float32Array.from([0, 0, 0.2, 0, 0.9, 0, 0.4, 0, 0.8, 0, 0.1, 0]);
const calls: number[] = [];
const exact = new ExactIndex(vectors, 2);
const index = {
  ...exact,
  isExact: true,
  size: exact.size,
  dim: 2,
  save: () => undefined,
  search: (q: Float32Array, k: number) => {
    calls.push(k);
    return exact.search(q, k);
  },
};
const input = (watched: number[] = []): SourceInput =>
  ({
    bundle: { index, itemVectors: vectors },
    state: { watched, watchedAt: new Map(watched.map((i) => [i, 0])), disliked: new Set() },
    userId: 'u',
    psi: Float32Array.of(1, 0),
    now: 0,
  }) as unknown as SourceInput;

test('ann: the index’s nearest items, best first, its scores passed on for the merge', () => {
  const got = annSource.generate(input(), 3);
  assert.equal(annSource.name, 'ann');
  assert.equal(got.source, 'ann');
  assert.deepEqual(got.items, [2, 4, 3]);
  assert.equal(got.scores?.length, 3);
  assert.ok(Math.abs((got.scores?.[0] ?? 0) - 0.9) < 1e-6);
  assert.deepEqual(calls.at(-1), 3, 'the quota is the search depth');
});

test('ann: the quota counts watched items (the leading filters drop them later)', () => {
  const got = annSource.generate(input([2]), 2);
  assert.deepEqual(got.items, [2, 4]);
});

test('ann: quota 0 searches nothing', () => {
  const before = calls.length;
  assert.deepEqual(annSource.generate(input(), 0), { source: 'ann', items: [], scores: [] });
  assert.equal(calls.length, before);
});
