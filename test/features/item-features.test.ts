import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashBucket as dataHash } from '../../src/data/hash.ts';
import type { Item } from '../../src/data/types.ts';
import {
  hashBucket,
  itemFeatureMatrix,
  itemFeatureWidth,
  TAG_BUCKETS,
  writeItemFeatures,
} from '../../src/features/item-features.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import { DAY_MS } from '../../src/foundation/time.ts';

const items: Item[] = [
  { itemId: 'a', topic: 'news', tags: ['x', 'y'], durationSec: 100, publishedAt: 0 },
  { itemId: 'b', topic: 'sport', tags: [], durationSec: 10, publishedAt: 10 * DAY_MS },
];
const spec = createFeatureSpec(items, []); // topics: <oov>, news, sport
const nT = 3;

test('the width is the topic one-hot, the tag buckets and two scalars', () => {
  assert.equal(itemFeatureWidth(spec), nT + TAG_BUCKETS + 2);
  assert.equal(TAG_BUCKETS, 32);
  assert.equal(hashBucket, dataHash, 'the re-exported hash is the data layer’s');
});

test('one item: topic one-hot, L1-normalised tag buckets, log duration, log age', () => {
  const w = itemFeatureWidth(spec);
  const out = new Float32Array(w);
  writeItemFeatures(spec, items[0], 20 * DAY_MS, out, 0);
  assert.deepEqual([...out.slice(0, nT)], [0, 1, 0]);
  const tags = out.slice(nT, nT + TAG_BUCKETS);
  const sum = tags.reduce((s, x) => s + x, 0);
  assert.ok(Math.abs(sum - 1) < 1e-6, 'the tags sum to 1');
  const bx = hashBucket('x', TAG_BUCKETS);
  const by = hashBucket('y', TAG_BUCKETS);
  assert.ok(Math.abs(tags[bx] - (bx === by ? 1 : 0.5)) < 1e-6);
  assert.ok(Math.abs(out[nT + TAG_BUCKETS] - Math.log1p(100) / 8) < 1e-6);
  assert.ok(Math.abs(out[nT + TAG_BUCKETS + 1] - Math.log1p(20) / 6) < 1e-6);
});

test('an unknown topic lands in the OOV slot; no tags leave the buckets at zero', () => {
  const out = new Float32Array(itemFeatureWidth(spec));
  writeItemFeatures(spec, { topic: 'cooking', tags: [], durationSec: 5, publishedAt: 0 }, 0, out, 0);
  assert.deepEqual([...out.slice(0, nT)], [1, 0, 0]);
  assert.ok(out.slice(nT, nT + TAG_BUCKETS).every((x) => x === 0));
});

test('an item published after the reference time has age 0; a negative duration counts as 0', () => {
  const out = new Float32Array(itemFeatureWidth(spec));
  writeItemFeatures(spec, { topic: 'news', tags: [], durationSec: -5, publishedAt: 5 * DAY_MS }, 0, out, 0);
  assert.equal(out[nT + TAG_BUCKETS], 0);
  assert.equal(out[nT + TAG_BUCKETS + 1], 0);
});

test('writes only its own slice, clearing what was there', () => {
  const w = itemFeatureWidth(spec);
  const out = new Float32Array(3 * w).fill(7);
  writeItemFeatures(spec, items[1], 10 * DAY_MS, out, w);
  assert.ok(out.slice(0, w).every((x) => x === 7));
  assert.ok(out.slice(2 * w).every((x) => x === 7));
  const mine = out.slice(w, 2 * w);
  assert.deepEqual([...mine.slice(0, nT)], [0, 0, 1]);
  assert.ok(mine.slice(nT, nT + TAG_BUCKETS).every((x) => x === 0));
});

test('the matrix has a row per vocabulary item, the OOV row and unknown items left zero', () => {
  const w = itemFeatureWidth(spec);
  const extra: Item = { itemId: 'not-in-spec', topic: 'news', tags: ['z'], durationSec: 1, publishedAt: 0 };
  const m = itemFeatureMatrix(spec, [items[1], extra, items[0]], 30 * DAY_MS);
  assert.equal(m.length, 3 * w);
  assert.ok(
    m.slice(0, w).every((x) => x === 0),
    'row 0 is the OOV row',
  );
  const row1 = new Float32Array(w);
  writeItemFeatures(spec, items[0], 30 * DAY_MS, row1, 0);
  assert.deepEqual([...m.slice(w, 2 * w)], [...row1], 'rows follow the vocabulary, not the input order');
  assert.equal(m[2 * w + 2], 1, "b's topic is sport");
});
