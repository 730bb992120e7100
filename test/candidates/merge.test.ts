import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeSources, sourceShares } from '../../src/candidates/merge.ts';

// dim 2, psi = (1, 0): ψ·v of item i is its first coordinate. Row 0 is the padding item.
const psi = Float32Array.of(1, 0);
const firsts = [0, 0.5, 0.9, 0.1, 0.7, 0.3, 0.7];
const vectors = Float32Array.from(firsts.flatMap((x) => [x, 42]));

test('one ann list comes back in its own order with its own scores', () => {
  const got = mergeSources([{ source: 'ann', items: [2, 4, 1], scores: [9, 8, 7] }], psi, vectors);
  assert.deepEqual(got.items, [2, 4, 1]);
  assert.deepEqual(got.scores, [9, 8, 7], 'ann scores reused, not recomputed');
  assert.deepEqual(got.origins, [
    [{ source: 'ann', rank: 0 }],
    [{ source: 'ann', rank: 1 }],
    [{ source: 'ann', rank: 2 }],
  ]);
});

test('an empty merge and empty lists give no candidates', () => {
  assert.deepEqual(mergeSources([], psi, vectors), { items: [], scores: [], origins: [] });
  const got = mergeSources(
    [
      { source: 'ann', items: [], scores: [] },
      { source: 'fresh', items: [] },
    ],
    psi,
    vectors,
  );
  assert.deepEqual(got.items, []);
});

test('duplicates across sources are merged: every origin kept with its 0-based rank there', () => {
  const got = mergeSources(
    [
      { source: 'ann', items: [2, 4], scores: [0.9, 0.7] },
      { source: 'related', items: [3, 2] },
      { source: 'trending', items: [4, 5, 3] },
    ],
    psi,
    vectors,
  );
  assert.deepEqual(got.items, [2, 4, 5, 3], 'each item once, by ψ·v');
  assert.equal(new Set(got.items).size, got.items.length);
  assert.deepEqual(got.origins, [
    [
      { source: 'ann', rank: 0 },
      { source: 'related', rank: 1 },
    ],
    [
      { source: 'ann', rank: 1 },
      { source: 'trending', rank: 0 },
    ],
    [{ source: 'trending', rank: 1 }],
    [
      { source: 'related', rank: 0 },
      { source: 'trending', rank: 2 },
    ],
  ]);
});

test('candidates are ordered by ψ·v; scores not given are computed from the vectors', () => {
  const got = mergeSources(
    [
      { source: 'fresh', items: [3, 1, 5] },
      { source: 'trending', items: [2] },
    ],
    psi,
    vectors,
  );
  assert.deepEqual(got.items, [2, 1, 5, 3]);
  for (const [r, item] of got.items.entries()) assert.ok(Math.abs(got.scores[r] - firsts[item]) < 1e-6);
  for (let r = 1; r < got.scores.length; r++) assert.ok(got.scores[r - 1] >= got.scores[r]);
});

test('the first source’s score wins for a duplicate (ann’s own, even when it differs from ψ·v)', () => {
  // ann says item 3 scores 5 (say, an approximate index); related names it again: ann's stays.
  const got = mergeSources(
    [
      { source: 'ann', items: [3], scores: [5] },
      { source: 'related', items: [2, 3] },
    ],
    psi,
    vectors,
  );
  assert.deepEqual(got.items, [3, 2]);
  assert.equal(got.scores[0], 5);
});

test('ties keep the earlier source’s order, then the order within a source (stable)', () => {
  // Items 4 and 6 both score 0.7.
  const a = mergeSources(
    [
      { source: 'related', items: [6] },
      { source: 'fresh', items: [4] },
    ],
    psi,
    vectors,
  );
  assert.deepEqual(a.items, [6, 4]);
  const b = mergeSources(
    [
      { source: 'related', items: [4] },
      { source: 'fresh', items: [6] },
    ],
    psi,
    vectors,
  );
  assert.deepEqual(b.items, [4, 6]);
  const c = mergeSources([{ source: 'ann', items: [9, 8, 7], scores: [1, 1, 1] }], psi, vectors);
  assert.deepEqual(c.items, [9, 8, 7]);
});

test('sourceShares: each source’s share of the items, an item of two sources counting for both', () => {
  assert.deepEqual(sourceShares([]), {});
  const shares = sourceShares([
    [{ source: 'ann', rank: 0 }],
    [
      { source: 'ann', rank: 1 },
      { source: 'fresh', rank: 0 },
    ],
    [{ source: 'trending', rank: 3 }],
    undefined,
  ]);
  assert.deepEqual(Object.keys(shares).sort(), ['ann', 'fresh', 'trending']);
  assert.equal(shares.ann, 0.5);
  assert.equal(shares.fresh, 0.25);
  assert.equal(shares.trending, 0.25);
  assert.deepEqual(sourceShares([[{ source: 'related', rank: 0 }]]), { related: 1 });
});
