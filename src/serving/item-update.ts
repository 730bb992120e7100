import type { LoadedBundle } from '../bundle/read.ts';
import type { Item } from '../data/types.ts';
import { lookup } from '../data/vocab.ts';
import { itemFeatureWidth, writeItemFeatures } from '../features/item-features.ts';
import { providerOf } from '../features/item-table.ts';
import { ExactIndex } from '../index/exact.ts';
import { HnswIndex } from '../index/hnsw.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';

/** The item tower's embedding φ of each item's content, as of `now` (one row per item). */
function embedContent(b: LoadedBundle, items: readonly Item[], now: number): Float32Array {
  const width = itemFeatureWidth(b.spec);
  const features = new Float32Array(items.length * width);
  items.forEach((it, r) => {
    writeItemFeatures(b.spec, it, now, features, r * width);
  });
  return readTidy(() => b.retrieval.embedFeatures(tf.tensor2d(features, [items.length, width])));
}

/**
 * Whether two records of one item embed alike: the fields the item tower and the item table
 * read (a pin changes where the item is placed, not its vector). Field by field, since stores
 * may give the keys in another order (PostgreSQL's jsonb does).
 */
export function sameContent(a: Item, b: Item): boolean {
  return (
    a.topic === b.topic &&
    a.durationSec === b.durationSec &&
    a.publishedAt === b.publishedAt &&
    a.provider === b.provider &&
    a.tags.length === b.tags.length &&
    a.tags.every((t, i) => t === b.tags[i])
  );
}

/**
 * A served item whose content changed (PATCH /items/:itemId): its embedding follows at once, as
 * a cold-start item's does (cold-start.ts). With a `tower` representation the vector is φ of the
 * new content; with `both`, the trained id part is kept and only the content part moves
 * (v + φ(new) − φ(old)); an `id` model cannot re-embed (false). The item's table row (topic,
 * duration, publish time, provider) and the index follow too. Synchronous: a request sees the
 * item before or after, never half-way. False also for an item the bundle does not know.
 */
export function reembedItem(b: LoadedBundle, item: Item, now: number): boolean {
  const i = lookup(b.spec.items, item.itemId);
  const representation = b.retrieval.representation;
  if (i === 0 || representation === 'id') return false;
  const old = b.items[i];
  const { dim } = b.manifest.dims;
  const row = b.itemVectors.subarray(i * dim, (i + 1) * dim);
  if (representation === 'tower' || !old) {
    row.set(embedContent(b, [item], now));
  } else {
    const phi = embedContent(b, [old, item], now);
    for (let d = 0; d < dim; d++) row[d] += phi[dim + d] - phi[d];
  }
  const t = b.itemTable;
  t.topic[i] = lookup(b.spec.topics, item.topic);
  t.durationSec[i] = item.durationSec;
  t.publishedAt[i] = item.publishedAt;
  if (t.provider) t.provider[i] = providerOf(t, item.provider);
  b.items[i] = item;
  // hnswlib replaces the point of a label added again; the exact index reads the vectors in place.
  if (b.index instanceof HnswIndex) b.index.add(row, i);
  else if (!(b.index instanceof ExactIndex)) b.index = new ExactIndex(b.itemVectors, dim);
  return true;
}
