import { hashBucket } from '../data/hash.ts';
import type { Item } from '../data/types.ts';
import { lookup, vocabSize } from '../data/vocab.ts';
import { DAY_MS } from '../foundation/time.ts';
import type { FeatureSpec } from './spec.ts';

/**
 * What the item tower reads of an item: its content, not its id, so an item that arrives after
 * training gets an embedding from the same function (cold start):
 * [topic one-hot | tags hashed into TAG_BUCKETS, L1-normalised | log duration | log age].
 */
export const TAG_BUCKETS = 32;

export { hashBucket } from '../data/hash.ts';

export function itemFeatureWidth(spec: FeatureSpec): number {
  return vocabSize(spec.topics) + TAG_BUCKETS + 2;
}

/**
 * Writes one item's tower input at out[offset ..]. Topics unknown to the spec go to the OOV
 * slot; tags need no vocabulary (hashed), so new tags still say something.
 * @param refTime the moment the age is measured at: the end of the training data, or now.
 */
export function writeItemFeatures(
  spec: FeatureSpec,
  item: Pick<Item, 'topic' | 'tags' | 'durationSec' | 'publishedAt'>,
  refTime: number,
  out: Float32Array,
  offset: number,
): void {
  const nT = vocabSize(spec.topics);
  out.fill(0, offset, offset + itemFeatureWidth(spec));
  out[offset + lookup(spec.topics, item.topic)] = 1;
  const tags = item.tags ?? [];
  for (const t of tags) out[offset + nT + hashBucket(t, TAG_BUCKETS)] += 1 / tags.length;
  out[offset + nT + TAG_BUCKETS] = Math.log1p(Math.max(0, item.durationSec)) / 8;
  out[offset + nT + TAG_BUCKETS + 1] = Math.log1p(Math.max(0, refTime - item.publishedAt) / DAY_MS) / 6;
}

/** Tower inputs of every vocabulary item, [numItems * width] (row 0, OOV, stays zero). */
export function itemFeatureMatrix(spec: FeatureSpec, items: readonly Item[], refTime: number): Float32Array {
  const w = itemFeatureWidth(spec);
  const out = new Float32Array(vocabSize(spec.items) * w);
  for (const it of items) {
    const i = lookup(spec.items, it.itemId);
    if (i !== 0) writeItemFeatures(spec, it, refTime, out, i * w);
  }
  return out;
}
