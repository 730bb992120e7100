import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rankOf, rankOfScore, topK } from '../../src/models/top-k.ts';

test('rankOf: ties count against the ranked item, whichever side of it they sit', () => {
  // index:                      0    1    2    3    4    5
  const s = Float32Array.from([0.7, 0.5, 0.9, 0.7, 0.7, 0.1]);
  // 0.9 ahead, and the two other 0.7s (one before index 3, one after) as well.
  assert.equal(rankOf(s, 3), 3);
  assert.equal(rankOf(s, 4), 3);
  assert.equal(rankOf(s, 0), 3);
  assert.equal(rankOf(s, 2), 0);
  assert.equal(rankOf(s, 5), 5);
});

test('rankOf: a constant scorer ranks every target last', () => {
  const s = new Float32Array(8).fill(1);
  for (let t = 1; t < 8; t++) assert.equal(rankOf(s, t, { from: 1 }), 6);
});

test('rankOf: the OOV bucket and excluded items never count, tied or not', () => {
  // index:            0    1    2    3    4
  const s = Float32Array.from([9, 0.5, 0.9, 0.7, 0.7]);
  assert.equal(rankOf(s, 3, { from: 1 }), 2);
  assert.equal(rankOf(s, 3, { from: 1, exclude: new Set([2]) }), 1);
  assert.equal(rankOf(s, 3, { from: 1, exclude: new Set([4]) }), 1);
  assert.equal(
    rankOf(s, 3, { from: 1, exclude: new Set([3]) }),
    2,
    'an excluded target is ranked all the same',
  );
  assert.equal(rankOf(s, 2, { from: 1 }), 0);
});

test('rankOf: a window of a batched score block', () => {
  const block = Float32Array.from([1, 2, 3, /* row 1: */ 0, 0.4, 0.4]);
  assert.equal(rankOf(block, 1, { offset: 3, length: 3, from: 1 }), 1, 'the tied 0.4 is ahead');
  assert.equal(rankOf(block, 2, { offset: 3, length: 3 }), 1);
});

test('rankOfScore: a score from outside the row, ties against it', () => {
  const s = Float32Array.from([0.3, 0.6, 0.6, 0.1]);
  assert.equal(rankOfScore(s, 0.6), 2);
  assert.equal(rankOfScore(s, 0.61), 0);
  assert.equal(rankOfScore(s, 0.6, { from: 2 }), 1);
});

test('rankOf agrees with topK position when nothing ties', () => {
  const s = Float32Array.from([5, 0.2, 0.8, 0.4, 0.6, 0.1]);
  const order = topK(s, 5, 1);
  for (const [pos, item] of order.entries()) assert.equal(rankOf(s, item, { from: 1 }), pos);
});

test('topK: ties go to the lower index (an order, unlike the rank rule)', () => {
  assert.deepEqual(topK([0.5, 0.7, 0.7, 0.2], 2), [1, 2]);
});
