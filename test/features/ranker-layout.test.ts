import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Item, User } from '../../src/data/types.ts';
import { PAIR_SCALARS, rankerLayout, rankerWidth } from '../../src/features/ranker-layout.ts';
import { createFeatureSpec, queryDenseWidth } from '../../src/features/spec.ts';

const items: Item[] = ['A', 'B', 'C'].map((topic, k) => ({
  itemId: `i${k}`,
  topic,
  tags: [],
  durationSec: 1,
  publishedAt: 0,
}));
const users: User[] = [{ userId: 'u', country: 'FR', device: 'tv' }];
const spec = createFeatureSpec(items, users);

test('ten pair scalars: five of the item, five of the history', () => {
  assert.equal(PAIR_SCALARS, 10);
});

test('columns in order: ψ, v, ψ⊙v, ψ·v, topic one-hot, pair scalars, query dense', () => {
  const dim = 8;
  const l = rankerLayout(spec, dim);
  assert.deepEqual(
    { psi: l.psi, v: l.v, prod: l.prod, dot: l.dot, topic: l.topic },
    { psi: 0, v: 8, prod: 16, dot: 24, topic: 25 },
  );
  assert.equal(l.scalars, 25 + 4, 'topics: <oov> + A, B, C');
  assert.equal(l.dense, l.scalars + PAIR_SCALARS);
  assert.equal(l.width, l.dense + queryDenseWidth(spec));
});

test('the width grows by 3 per embedding dimension and 1 per topic', () => {
  assert.equal(rankerWidth(spec, 5) - rankerWidth(spec, 4), 3);
  const more = createFeatureSpec([...items, { ...items[0], itemId: 'i9', topic: 'D' }], users);
  assert.equal(rankerWidth(more, 4) - rankerWidth(spec, 4), 1);
  assert.equal(rankerWidth(spec, 4), rankerLayout(spec, 4).width);
});
