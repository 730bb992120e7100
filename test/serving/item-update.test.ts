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
import { reembedItem } from '../../src/serving/item-update.ts';

before(async () => {
  await initTf('wasm');
});

const DIM = 2;
const trained: Item[] = [
  { itemId: 'a', topic: 'news', tags: [], durationSec: 60, publishedAt: 0, provider: 'P' },
  { itemId: 'b', topic: 'sport', tags: [], durationSec: 120, publishedAt: 0 },
];

/**
 * A bundle with the fields re-embedding touches (as in cold-start.test.ts). Its "item tower"
 * returns the last two feature columns, log1p(duration) / 8 and log1p(age in days) / 6, so each
 * new vector says what the tower was given.
 */
function bundle(representation: 'id' | 'tower' | 'both', index: 'exact' | 'hnsw' | 'other' = 'exact') {
  const spec = createFeatureSpec(trained, []);
  const itemVectors = Float32Array.from([0, 0, 1, 0, 0, 1]);
  const width = itemFeatureWidth(spec);
  const retrieval = { representation, embedFeatures: (x: tf.Tensor2D) => x.slice([0, width - 2], [-1, 2]) };
  const indices = {
    exact: () => new ExactIndex(itemVectors, DIM),
    hnsw: () => HnswIndex.build(itemVectors, DIM),
    other: () => ({ size: 3, search: () => ({ items: [], scores: [] }) }),
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
    index: indices[index](),
  } as unknown as LoadedBundle;
}

const vectorOf = (b: LoadedBundle, i: number) => [...b.itemVectors.slice(i * DIM, (i + 1) * DIM)];
const close = (a: number[], b: number[]) => a.every((x, d) => Math.abs(x - b[d]) < 1e-6);

test('tower: the vector becomes φ of the new content, and the table row and record follow', () => {
  const b = bundle('tower');
  const edited = { ...trained[0], topic: 'sport', durationSec: 300, provider: 'Q' };
  assert.equal(reembedItem(b, edited, 2 * DAY_MS), true);
  assert.ok(close(vectorOf(b, 1), [Math.log1p(300) / 8, Math.log1p(2) / 6]), String(vectorOf(b, 1)));
  assert.deepEqual(vectorOf(b, 2), [0, 1], 'the other items keep theirs');
  assert.equal(b.itemTable.topic[1], lookup(b.spec.topics, 'sport'));
  assert.equal(b.itemTable.durationSec[1], 300);
  assert.equal(b.items[1], edited);
  assert.equal(b.itemTable.providers?.[b.itemTable.provider?.[1] ?? 0], 'Q', 'a new provider joins');
  // The exact index reads the vectors in place: the next search sees the new one.
  const found = b.index.search(Float32Array.from([1, 0]), 2);
  assert.deepEqual(found.items, [1, 2]);
  assert.ok(Math.abs(found.scores[0] - Math.log1p(300) / 8) < 1e-6);
});

test('both: the trained id part is kept, only the content part moves (v + φ(new) − φ(old))', () => {
  const b = bundle('both');
  const now = 2 * DAY_MS;
  assert.equal(reembedItem(b, { ...trained[0], durationSec: 300 }, now), true);
  const moved = 1 + (Math.log1p(300) - Math.log1p(60)) / 8;
  assert.ok(close(vectorOf(b, 1), [moved, 0]), String(vectorOf(b, 1)));
  // The same content again moves nothing.
  assert.equal(reembedItem(b, { ...trained[0], durationSec: 300 }, now), true);
  assert.ok(close(vectorOf(b, 1), [moved, 0]));
});

test('both, for an item with no record of its old content: φ of the new content alone', () => {
  const b = bundle('both');
  b.items[2] = undefined;
  assert.equal(reembedItem(b, { ...trained[1], durationSec: 10 }, 0), true);
  assert.ok(close(vectorOf(b, 2), [Math.log1p(10) / 8, 0]));
});

test('an id model cannot re-embed, nor can any model an item it does not know: nothing changes', () => {
  const b = bundle('id');
  const vectors = [...b.itemVectors];
  assert.equal(reembedItem(b, { ...trained[0], durationSec: 999, topic: 'sport' }, 0), false);
  assert.deepEqual([...b.itemVectors], vectors);
  assert.equal(b.itemTable.durationSec[1], 60);
  assert.equal(b.items[1], trained[0]);
  const t = bundle('tower');
  assert.equal(reembedItem(t, { ...trained[0], itemId: 'zz' }, 0), false);
  assert.deepEqual([...t.itemVectors], vectors);
});

test('an HNSW index is updated in place; another kind is replaced by an exact index over the vectors', () => {
  const h = bundle('tower', 'hnsw');
  const index = h.index;
  assert.equal(reembedItem(h, { ...trained[1], durationSec: 5000 }, 0), true);
  assert.equal(h.index, index, 'the same index');
  assert.equal(h.index.search(Float32Array.from(vectorOf(h, 2)), 1).items[0], 2);
  const o = bundle('tower', 'other');
  assert.equal(reembedItem(o, { ...trained[1], durationSec: 5000 }, 0), true);
  assert.ok(o.index instanceof ExactIndex);
});

test('no tensor is left behind', () => {
  const b = bundle('both');
  const n = tf.memory().numTensors;
  reembedItem(b, { ...trained[0], durationSec: 7 }, 0);
  reembedItem(bundle('tower'), { ...trained[0], durationSec: 7 }, 0);
  assert.equal(tf.memory().numTensors, n);
});
