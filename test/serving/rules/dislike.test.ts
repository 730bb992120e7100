import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoteNearDisliked, removeDisliked } from '../../../src/serving/rules/dislike.ts';
import { candidates, fixtureContext, fixtureUser, itemIds } from '../../helpers/rule-fixture.ts';

const params = { similarity: 0.9, nearFactor: 0.5, topicDislikes: 0, topicFactor: 0.1 };

test("removeDisliked: a filter on the user's dislikes only", () => {
  const ctx = fixtureContext({ user: fixtureUser([[2, 0]], [1, 5]) });
  assert.deepEqual(itemIds(removeDisliked.apply(candidates([1, 3], [2, 2], [5, 1], [6, 0.5]), ctx)), [2, 6]);
  assert.equal(removeDisliked.keeps?.(1, ctx), false);
  assert.equal(removeDisliked.why, 'disliked by the user');
});

test('dislike-similar: without dislikes the list is returned as is (a copy)', () => {
  const l = candidates([1, 3], [2, 2]);
  const out = demoteNearDisliked(params).apply(l, fixtureContext());
  assert.deepEqual(out, l);
  assert.notEqual(out, l);
});

test('dislike-similar: one near dislike demotes once, even when several disliked items are near', () => {
  // items 1 and 2 are identical and 4 is near both: 4 would be demoted twice if the factor stacked
  const ctx = fixtureContext({ user: fixtureUser([], [1, 2]) });
  const out = demoteNearDisliked(params).apply(candidates([4, 10], [3, 6], [6, 1]), ctx);
  assert.deepEqual(
    out.map((c) => [c.item, c.score]),
    [
      [3, 6],
      [4, 5],
      [6, 1],
    ],
  );
});

test('dislike-similar: the similarity threshold is inclusive and opposite vectors are not near', () => {
  const ctx = fixtureContext({ user: fixtureUser([], [1]) });
  const exact = demoteNearDisliked({ ...params, similarity: 1 }).apply(candidates([2, 4], [5, 3]), ctx);
  assert.deepEqual(
    exact.map((c) => c.score),
    [3, 2],
    'item 2 (cosine 1) halved, item 5 (cosine -1) kept',
  );
});

test('dislike-similar: a topic disliked often enough is demoted, and the factors multiply', () => {
  // dislikes 1 and 2 are both topic A; item 3 (topic A, orthogonal) gets the topic factor only,
  // item 4 (topic B, near 1) the near factor only; nothing untouched changes identity
  const p = { similarity: 0.9, nearFactor: 0.5, topicDislikes: 2, topicFactor: 0.1 };
  const ctx = fixtureContext({ user: fixtureUser([], [1, 2]) });
  const l = candidates([3, 10], [4, 10], [6, 2]);
  const out = demoteNearDisliked(p).apply(l, ctx);
  assert.deepEqual(
    out.map((c) => [c.item, c.score]),
    [
      [4, 5],
      [6, 2],
      [3, 1],
    ],
  );
  assert.equal(out[1], l[2], 'an untouched candidate is passed through, not copied');
  assert.equal(l[0].score, 10, 'input not mutated');
  const fewer = demoteNearDisliked({ ...p, topicDislikes: 3 }).apply(l, ctx);
  assert.equal(fewer.find((c) => c.item === 3)?.score, 10, 'two dislikes are not three');
});
