import type { QueryBatch } from '../../features/query.ts';
import { embeddingBags } from '../../runtime/ops/embedding-bag.ts';
import { tf } from '../../runtime/tf.ts';
import { uniqueName } from '../layers/dense.ts';
import type { SoftmaxDnnConfig } from './softmax-dnn-config.ts';

/**
 * The query tower's search input: a table of search-token embeddings (row 0 = padding, then
 * one row per hash bucket) and, per query, the mean of the user's latest search tokens' rows,
 * concatenated beside the watch bags. A user who never searched reads the zero vector, so the
 * tower learns what searches add without changing what it does for everyone else.
 */

/** The table, [searchBuckets + 1, d], or undefined when the config has no search input. */
export function createSearchEmbedding(config: SoftmaxDnnConfig): tf.Variable | undefined {
  const buckets = config.searchBuckets ?? 0;
  if (buckets <= 0) return undefined;
  return tf.tidy(() =>
    tf.variable(
      tf.randomNormal([buckets + 1, config.dim], 0, 0.05, 'float32', config.seed + 60),
      true,
      uniqueName('retrieval/search'),
    ),
  );
}

/**
 * The batch's search bags, [size, d]. A batch built without search slots (a caller that knows
 * no searches) reads as "never searched": zeros. Call inside tf.tidy.
 */
export function searchBags(table: tf.Variable, batch: QueryBatch, length: number): tf.Tensor2D {
  const { searchIds, searchWeights } = batch;
  if (!searchIds || !searchWeights || batch.size === 0) return tf.zeros([batch.size, table.shape[1]!]);
  if (searchIds.length !== batch.size * length)
    throw new RangeError(`retrieval: ${searchIds.length} search slots for ${batch.size}x${length}`);
  return embeddingBags(table as tf.Tensor2D, searchIds, [searchWeights], batch.size, length);
}

/** The model's search input as the feature writers read it: buckets and slots; undefined when it has none. */
export function searchInputOf(
  config: Pick<SoftmaxDnnConfig, 'searchBuckets' | 'searchLength'>,
): { buckets: number; length: number } | undefined {
  const buckets = config.searchBuckets ?? 0;
  const length = config.searchLength ?? 0;
  return buckets > 0 && length > 0 ? { buckets, length } : undefined;
}
