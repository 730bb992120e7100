import type { LoadedBundle } from '../bundle/read.ts';
import type { Item } from '../data/types.ts';
import { lookup } from '../data/vocab.ts';
import { itemFeatureWidth, writeItemFeatures } from '../features/item-features.ts';
import { providerOf } from '../features/item-table.ts';
import { ExactIndex } from '../index/exact.ts';
import { HnswIndex } from '../index/hnsw.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';

function grow<T extends Float32Array | Float64Array | Int32Array>(a: T, extra: number): T {
  const out = new (a.constructor as new (n: number) => T)(a.length + extra);
  out.set(a);
  return out;
}

/**
 * Cold start: items that arrive after training join the served catalogue without retraining.
 * The item tower embeds their content (topic, tags, duration, age now), the embeddings join the
 * index and the ranker's tables, and the vocabulary grows. Items already in the bundle keep the
 * embeddings they were trained with. A bundle trained with `id` item embeddings has no tower:
 * nothing is added (the items wait, stored, for the next training).
 *
 * Runs synchronously, so a request sees the bundle either before or after, never half-way.
 * @returns the number of items that became servable.
 */
export function addItemsToBundle(b: LoadedBundle, items: readonly Item[], now: number): number {
  if (b.retrieval.representation === 'id') return 0;
  const fresh = [...new Map(items.map((it) => [it.itemId, it])).values()].filter(
    (it) => lookup(b.spec.items, it.itemId) === 0,
  );
  if (fresh.length === 0) return 0;
  const { dim } = b.manifest.dims;
  const width = itemFeatureWidth(b.spec);
  const features = new Float32Array(fresh.length * width);
  fresh.forEach((it, r) => {
    writeItemFeatures(b.spec, it, now, features, r * width);
  });
  const phi = readTidy(() => b.retrieval.embedFeatures(tf.tensor2d(features, [fresh.length, width])));

  const first = b.spec.items.ids.length;
  const ids = b.spec.items.ids as string[];
  const index = b.spec.items.index as Map<string, number>;
  const vectors = new Float32Array((first + fresh.length) * dim);
  vectors.set(b.itemVectors);
  vectors.set(phi, first * dim);
  const t = b.itemTable;
  t.topic = grow(t.topic, fresh.length);
  t.durationSec = grow(t.durationSec, fresh.length);
  t.publishedAt = grow(t.publishedAt, fresh.length);
  t.watches = grow(t.watches, fresh.length);
  t.recentWatches = grow(t.recentWatches, fresh.length);
  t.provider = grow(t.provider ?? new Int32Array(first), fresh.length);
  fresh.forEach((it, r) => {
    const i = first + r;
    ids.push(it.itemId);
    index.set(it.itemId, i);
    t.topic[i] = lookup(b.spec.topics, it.topic);
    t.durationSec[i] = it.durationSec;
    t.publishedAt[i] = it.publishedAt;
    t.provider![i] = providerOf(t, it.provider);
    b.items[i] = it;
  });
  b.itemVectors = vectors;
  if (b.index instanceof HnswIndex) {
    fresh.forEach((_, r) => {
      (b.index as HnswIndex).add(vectors.subarray((first + r) * dim, (first + r + 1) * dim), first + r);
    });
  } else {
    b.index = new ExactIndex(vectors, dim);
  }
  return fresh.length;
}
