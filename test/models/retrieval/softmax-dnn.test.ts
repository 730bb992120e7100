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

test('querySequences: ψ at every position of a window equals query() of its per-cut row, value and gradient; causal', async () => {
  await initTf('wasm');
  const { generateWorld } = await import('../../../src/data/demo/world.ts');
  const { buildTimelines } = await import('../../../src/data/interactions.ts');
  const { buildSequenceSet, sequenceBatch } = await import('../../../src/features/sequence.ts');
  const { queryDenseWidth } = await import('../../../src/features/spec.ts');
  const world = generateWorld({ seed: 4, scale: 0.03 });
  const wspec = createFeatureSpec(world.items, world.users, 6);
  const users = new Map(world.users.map((u) => [u.userId, u]));
  const set = buildSequenceSet(buildTimelines(world.events, wspec.items).values(), users, 5, true);
  const model = new SoftmaxDnn({
    numItems: wspec.items.ids.length,
    denseWidth: queryDenseWidth(wspec),
    historyLength: 6,
    dim: 8,
    hidden: [16],
    seed: 2,
    lastItemInput: true,
    timeDecayInput: true,
  });
  const pick = Int32Array.from([0, 1, 2, 7, 9]);
  const { batch, rows } = sequenceBatch(wspec, set, pick);
  const before = tf.memory().numTensors;
  const seq = readTidy(() => model.querySequences(batch));
  const cut = readTidy(() => model.query(rows));
  assertAllClose(seq, cut, 1e-5, 'ψ');
  const dy = tf.randomNormal([batch.size, 8], 0, 1, 'float32', 5);
  const grads = (f: () => tf.Tensor2D) => {
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(f(), dy)) as tf.Scalar, model.variables());
    value.dispose();
    return grads;
  };
  const g1 = grads(() => model.querySequences(batch));
  const g2 = grads(() => model.query(rows));
  assert.deepEqual(Object.keys(g1).sort(), Object.keys(g2).sort());
  assert.ok(
    Object.keys(g1).some((k) => k.startsWith('retrieval/history')),
    'the history table is trained',
  );
  for (const k of Object.keys(g1)) assertAllClose(g1[k].dataSync(), g2[k].dataSync(), 1e-4, `∂/∂${k}`);
  tf.dispose([dy, ...Object.values(g1), ...Object.values(g2)]);
  assert.equal(tf.memory().numTensors, before, 'nothing leaks');
  // Changing window 0's watch at position p changes ψ only at later positions.
  const win = set.windows[0];
  const p = win.from + 2;
  const items = set.items[win.user] as number[];
  const saved = items[p];
  items[p] = saved === 1 ? 2 : 1;
  const changed = readTidy(() => model.querySequences(sequenceBatch(wspec, set, pick).batch));
  items[p] = saved;
  for (let c = 0; c < win.to - win.from; c++) {
    const same = [...changed.subarray(c * 8, (c + 1) * 8)].every((x, k) => x === seq[c * 8 + k]);
    assert.equal(
      same,
      win.from + c <= p,
      `position ${win.from + c} ${win.from + c <= p ? 'does not see' : 'sees'} watch ${p}`,
    );
  }
  model.dispose();
});
