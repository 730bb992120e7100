import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byScore, cosine, filterRule } from '../../../src/serving/rules/rule.ts';
import { candidates, fixtureContext, itemIds } from '../../helpers/rule-fixture.ts';

test('byScore: best first, ties keep their earlier position, the input is left alone', () => {
  const l = candidates([1, 1], [2, 3], [3, 2], [4, 3], [5, 1]);
  assert.deepEqual(itemIds(byScore(l)), [2, 4, 3, 1, 5]);
  assert.deepEqual(itemIds(l), [1, 2, 3, 4, 5], 'not sorted in place');
  assert.deepEqual(byScore([]), []);
});

test('cosine: 1 for the same direction, -1 opposite, 0 orthogonal, 0 (not NaN) for a zero vector', () => {
  const v = Float32Array.from([1, 0, 2, 0, 0, 3, -1, 0, 0, 0]);
  assert.equal(cosine(v, 2, 0, 1), 1, 'scale does not matter');
  assert.equal(cosine(v, 2, 0, 3), -1);
  assert.equal(cosine(v, 2, 0, 2), 0);
  assert.equal(cosine(v, 2, 0, 4), 0);
  assert.equal(cosine(v, 2, 4, 4), 0);
  const w = Float32Array.from([3, 4, 4, 3]);
  assert.ok(Math.abs(cosine(w, 2, 0, 1) - 24 / 25) < 1e-12);
});

test('filterRule: keeps what its predicate keeps, in order, and exposes the predicate and the reason', () => {
  const even = filterRule('even', 'odd item', (item) => item % 2 === 0);
  const ctx = fixtureContext();
  const l = candidates([1, 9], [2, 8], [4, 7], [5, 6], [6, 5]);
  assert.deepEqual(itemIds(even.apply(l, ctx)), [2, 4, 6]);
  assert.equal(even.name, 'even');
  assert.equal(even.why, 'odd item');
  assert.equal(even.keeps?.(3, ctx), false);
  assert.equal(even.keeps?.(4, ctx), true);
  assert.equal(l.length, 5, 'input not mutated');
});

test('filterRule: the predicate sees the context', () => {
  const recent = filterRule('young', 'too old', (item, { items, now }) => now - items.publishedAt[item] < 1);
  assert.deepEqual(itemIds(recent.apply(candidates([1, 3], [3, 2], [4, 1]), fixtureContext())), [3]);
});
