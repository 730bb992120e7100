import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  hashBucket,
  itemFeatureMatrix,
  itemFeatureWidth,
  TAG_BUCKETS,
} from '../../../src/features/item-features.ts';
import { createFeatureSpec } from '../../../src/features/spec.ts';
import { SoftmaxDnn } from '../../../src/models/retrieval/softmax-dnn.ts';
import { readTidy } from '../../../src/runtime/read.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { assertAllClose } from '../../helpers/close.ts';

const items = [
  { itemId: 'a', topic: 'news', tags: ['x', 'y'], durationSec: 60, publishedAt: 0 },
  { itemId: 'b', topic: 'sport', tags: [], durationSec: 600, publishedAt: 86_400_000 },
  { itemId: 'c', topic: 'news', tags: ['x', 'y'], durationSec: 60, publishedAt: 0 },
];
const spec = createFeatureSpec(items, [], 4);

test('item features: topic one-hot, hashed tags, log duration and age; stable hashing', () => {
  const w = itemFeatureWidth(spec);
  const f = itemFeatureMatrix(spec, items, 2 * 86_400_000);
  assert.equal(f.length, 4 * w);
  assert.deepEqual([...f.subarray(0, w)], new Array(w).fill(0), 'OOV row stays zero');
  const a = f.subarray(w, 2 * w);
  assert.equal(a[1], 1, 'news is topic 1');
  const nT = spec.topics.ids.length;
  const tagSum = a.subarray(nT, nT + TAG_BUCKETS).reduce((s, x) => s + x, 0);
  assert.ok(Math.abs(tagSum - 1) < 1e-6, 'tags are L1-normalised');
  assert.equal(hashBucket('x', TAG_BUCKETS), hashBucket('x', TAG_BUCKETS));
  assert.deepEqual([...f.subarray(w, 2 * w)], [...f.subarray(3 * w, 4 * w)], 'same content, same features');
});

for (const mode of ['tower', 'both'] as const) {
  test(`${mode}: v comes from the item tower; same content gives the same tower part`, async () => {
    await initTf('wasm');
    const model = new SoftmaxDnn({
      numItems: 4,
      denseWidth: 3,
      historyLength: 4,
      dim: 8,
      hidden: [8],
      seed: 1,
      itemRepresentation: mode,
      itemFeatureWidth: itemFeatureWidth(spec),
      itemHidden: [16],
    });
    model.setItemFeatures(itemFeatureMatrix(spec, items, 0));
    const before = tf.memory().numTensors;
    const v = model.itemVectors();
    const some = readTidy(() => model.candidates(Int32Array.from([3, 1])));
    assertAllClose(some.subarray(0, 8), v.subarray(24, 32), 1e-5, 'candidates() matches items()');
    const rowA = [...v.subarray(8, 16)];
    const rowC = [...v.subarray(24, 32)];
    if (mode === 'tower') assertAllClose(rowA, rowC, 1e-5, 'a and c share all content');
    else assert.notDeepEqual(rowA, rowC, 'the id part tells them apart');
    // A new item (never in the vocabulary) gets the tower part from its features alone.
    const fresh = itemFeatureMatrix(spec, items, 0).subarray(
      itemFeatureWidth(spec),
      2 * itemFeatureWidth(spec),
    );
    const phi = readTidy(() => model.embedFeatures(tf.tensor2d(fresh, [1, itemFeatureWidth(spec)])));
    if (mode === 'tower') assertAllClose(phi, rowA, 1e-5, 'a fresh item gets the same tower vector');
    assert.equal(tf.memory().numTensors, before, 'no tensors leaked');
    const names = Object.keys(model.getWeights());
    assert.ok(names.some((n) => n.startsWith('retrieval/item-tower/')));
    assert.equal(names.includes('retrieval/items'), mode === 'both', 'the id table is saved only when used');
    model.dispose();
  });
}

test('hashed id buckets: bounded table, same bucket shares the id part, unknown ids read row 0', async () => {
  await initTf('wasm');
  const ids = ['<oov>', 'a', 'b', 'c', 'd', 'e'];
  const model = new SoftmaxDnn({
    numItems: ids.length,
    denseWidth: 3,
    historyLength: 4,
    dim: 4,
    hidden: [4],
    seed: 1,
    itemRepresentation: 'id',
    idBuckets: 2,
  });
  model.setItemIds(ids);
  assert.deepEqual(model.itemEmbedding.shape, [3, 4], '2 buckets + the unknown-id row');
  const v = model.itemVectors();
  assert.equal(v.length, ids.length * 4);
  const bucket = (i: number) => hashBucket(ids[i], 2);
  const same = [2, 3, 4, 5].find((j) => bucket(j) === bucket(1))!;
  assert.deepEqual([...v.subarray(4, 8)], [...v.subarray(same * 4, same * 4 + 4)]);
  // An index past the vocabulary (an item added after training) reads the unknown-id row.
  const row0 = readTidy(() => model.candidates(Int32Array.from([0])));
  const cold = readTidy(() => model.candidates(Int32Array.from([ids.length + 3])));
  assert.deepEqual([...cold], [...row0]);
  model.dispose();
});
