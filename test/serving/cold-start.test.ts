import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { LoadedBundle } from '../../src/bundle/read.ts';
import type { Item } from '../../src/data/types.ts';
import { lookup } from '../../src/data/vocab.ts';
import { itemFeatureWidth } from '../../src/features/item-features.ts';
import { createItemTable } from '../../src/features/item-table.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import { DAY_MS } from '../../src/foundation/time.ts';
import { ExactIndex } from '../../src/index/exact.ts';
import { HnswIndex } from '../../src/index/hnsw.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { addItemsToBundle } from '../../src/serving/cold-start.ts';

before(async () => {
  await initTf('wasm');
});

const DIM = 2;
const trained: Item[] = [
  { itemId: 'a', topic: 'news', tags: [], durationSec: 60, publishedAt: 0 },
  { itemId: 'b', topic: 'sport', tags: [], durationSec: 120, publishedAt: 0 },
];

/**
 * A bundle with the fields cold start touches. Its "item tower" returns the last two feature
 * columns (log duration, log age), so each new embedding says what the tower was given.
 */
function bundle(representation: 'id' | 'tower' | 'both', index: 'exact' | 'hnsw' = 'exact'): LoadedBundle {
  const spec = createFeatureSpec(trained, []);
  const itemVectors = Float32Array.from([0, 0, 1, 0, 0, 1]);
  const width = itemFeatureWidth(spec);
  const retrieval = {
    representation,
    embedFeatures: (x: tf.Tensor2D) => x.slice([0, width - 2], [-1, 2]),
  };
  return {
    spec,
    manifest: { dims: { dim: DIM } },
    retrieval,
    itemVectors,
    itemTable: createItemTable(spec, trained, Float64Array.from([0, 5, 6]), {
      recent: Float64Array.from([0, 1, 2]),
    }),
    items: [undefined, ...trained],
    index: index === 'exact' ? new ExactIndex(itemVectors, DIM) : HnswIndex.build(itemVectors, DIM),
  } as unknown as LoadedBundle;
}

const fresh = (itemId: string, over: Partial<Item> = {}): Item => ({
  itemId,
  topic: 'sport',
  tags: ['t'],
  durationSec: 300,
  publishedAt: 0,
  ...over,
});

test('new items join the vocabulary, the item table, the records and the index', () => {
  const b = bundle('both');
  const now = 3 * DAY_MS;
  const c = fresh('c', { publishedAt: DAY_MS });
  assert.equal(addItemsToBundle(b, [c], now), 1);
  const i = lookup(b.spec.items, 'c');
  assert.equal(i, 3);
  assert.equal(b.spec.items.ids[3], 'c');
  assert.equal(b.items[3], c);
  assert.equal(b.itemTable.topic[3], lookup(b.spec.topics, 'sport'));
  assert.equal(b.itemTable.durationSec[3], 300);
  assert.equal(b.itemTable.publishedAt[3], DAY_MS);
  assert.equal(b.itemTable.watches[3], 0, 'no watches yet');
  assert.equal(b.itemTable.recentWatches[3], 0);
  assert.deepEqual([...b.itemTable.watches], [0, 5, 6, 0], 'the old counts are kept');
  assert.equal(b.index.size, 3);
});

test('the embedding comes from the tower over the item’s content, its age measured now', () => {
  const b = bundle('tower');
  addItemsToBundle(b, [fresh('c', { publishedAt: DAY_MS })], 3 * DAY_MS);
  const v = [...b.itemVectors.slice(3 * DIM, 4 * DIM)];
  assert.ok(Math.abs(v[0] - Math.log1p(300) / 8) < 1e-6);
  assert.ok(Math.abs(v[1] - Math.log1p(2) / 6) < 1e-6, 'two days old');
  assert.deepEqual([...b.itemVectors.slice(0, 3 * DIM)], [0, 0, 1, 0, 0, 1], 'trained items keep theirs');
  const found = b.index.search(Float32Array.from([1, 0]), 3);
  assert.deepEqual(found.items, [1, 3, 2], 'the exact index was rebuilt over the new vectors');
  assert.ok(Math.abs(found.scores[1] - v[0]) < 1e-6);
});

test('items already served, and repeats within a batch, are added once (the last record wins)', () => {
  const b = bundle('both');
  const first = fresh('c', { durationSec: 10 });
  const last = fresh('c', { durationSec: 20 });
  assert.equal(addItemsToBundle(b, [fresh('a'), first, last], 0), 1);
  assert.equal(b.spec.items.ids.length, 4);
  assert.equal(b.itemTable.durationSec[3], 20);
  assert.equal(b.itemTable.durationSec[1], 60, 'a trained item is not overwritten');
  assert.equal(addItemsToBundle(b, [fresh('c')], 0), 0, 'already added');
  assert.equal(addItemsToBundle(b, [], 0), 0);
});

test('an unknown topic is the OOV topic', () => {
  const b = bundle('both');
  addItemsToBundle(b, [fresh('c', { topic: 'cooking' })], 0);
  assert.equal(b.itemTable.topic[3], 0);
});

test('a bundle with id embeddings only has no tower: nothing is added', () => {
  const b = bundle('id');
  const before = b.itemVectors;
  assert.equal(addItemsToBundle(b, [fresh('c')], 0), 0);
  assert.equal(b.spec.items.ids.length, 3);
  assert.equal(b.itemVectors, before);
});

test('an HNSW index grows in place', () => {
  const b = bundle('both', 'hnsw');
  const index = b.index;
  assert.equal(addItemsToBundle(b, [fresh('c'), fresh('d')], 0), 2);
  assert.equal(b.index, index, 'the same index');
  assert.equal(b.index.size, 4);
  const found = b.index.search(b.itemVectors.slice(4 * DIM, 5 * DIM), 4);
  assert.ok(found.items.includes(4));
});

test('no tensor is left behind', () => {
  const b = bundle('both');
  const n = tf.memory().numTensors;
  addItemsToBundle(b, [fresh('c'), fresh('d')], 0);
  assert.equal(tf.memory().numTensors, n);
});

test('a new item’s provider joins the item table: a known provider keeps its index, a new one is added', () => {
  const b = bundle('both');
  b.itemTable = createItemTable(b.spec, [{ ...trained[0], provider: 'P' }, trained[1]], b.itemTable.watches, {
    recent: b.itemTable.recentWatches,
  });
  assert.deepEqual([...b.itemTable.provider!], [0, 1, 0]);
  addItemsToBundle(b, [fresh('c', { provider: 'P' }), fresh('d', { provider: 'Q' }), fresh('e')], 0);
  assert.deepEqual([...b.itemTable.provider!], [0, 1, 0, 1, 2, 0]);
  assert.deepEqual(b.itemTable.providers, ['', 'P', 'Q']);
});
