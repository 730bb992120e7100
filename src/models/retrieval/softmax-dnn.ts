import { hashBucket } from '../../data/hash.ts';
import type { QueryBatch } from '../../features/query.ts';
import type { SequenceBatch } from '../../features/sequence.ts';
import { embeddingBags } from '../../runtime/ops/embedding-bag.ts';
import { readTidy } from '../../runtime/read.ts';
import { tf } from '../../runtime/tf.ts';
import {
  applyStack,
  assignWeights,
  createStack,
  type Dense,
  namedWeights,
  uniqueName,
} from '../layers/dense.ts';
import { type Attention, attend, attentionVariables, createAttention } from './attention.ts';
import { causalBags } from './causal-bags.ts';
import { type Slabs, viaSlab } from './row-slab.ts';
import { createSearchEmbedding, searchBags } from './search-input.ts';
import type { ItemRepresentation, SoftmaxDnnConfig } from './softmax-dnn-config.ts';

/**
 * The YouTube candidate-generation network ("Deep Neural Networks for YouTube Recommendations",
 * Covington et al. 2016, section 3): the query embedding ψ(x) ∈ R^d is computed from a bag of
 * watched-item embeddings plus user and context features through ReLU layers, and the item
 * embedding matrix V ∈ R^{items x d} is the softmax layer's weights. Serving scores are ψ(x)·v_j,
 * so retrieval is a maximum-inner-product search over V.
 */
export {
  ITEM_REPRESENTATIONS,
  type ItemRepresentation,
  type SoftmaxDnnConfig,
} from './softmax-dnn-config.ts';

export type { QueryBatch };

export class SoftmaxDnn {
  readonly config: SoftmaxDnnConfig;
  /** Input-side embeddings of watched items: [numItems, dim]. */
  readonly historyEmbedding: tf.Variable;
  /** Output-side item embeddings V (softmax weights): [numItems, dim]. */
  readonly itemEmbedding: tf.Variable;
  readonly tower: Dense[];
  /** φ: item features -> R^d (empty in `id` mode). */
  readonly itemTower: Dense[];
  /** Tower inputs of every vocabulary item, [numItems, featureWidth] (set before use). */
  private itemFeatures: tf.Tensor2D | undefined;
  /** With idBuckets: item index -> id-embedding row (set by setItemIds). */
  private bucketOf: Int32Array | undefined;
  /** With attentionInput. */
  readonly attention: Attention | undefined;
  /** With searchBuckets: the search-token embeddings, [searchBuckets + 1, dim]. */
  readonly searchEmbedding: tf.Variable | undefined;
  /** During a sparse training step: the id tables read through their step's slabs (row-slab.ts). */
  private slabs: Slabs | undefined;

  constructor(config: SoftmaxDnnConfig, weights?: tf.NamedTensorMap) {
    this.config = config;
    const { dim, denseWidth, hidden, seed } = config;
    const numItems = config.idBuckets ? config.idBuckets + 1 : config.numItems;
    const table = (name: string, s: number) =>
      tf.tidy(() =>
        tf.variable(tf.randomNormal([numItems, dim], 0, 0.05, 'float32', s), true, uniqueName(name)),
      );
    this.historyEmbedding = table('retrieval/history', seed);
    this.itemEmbedding = table('retrieval/items', seed + 1);
    this.tower = createStack(
      'retrieval/tower',
      (2 +
        (config.lastItemInput ? 1 : 0) +
        (config.timeDecayInput ? 1 : 0) +
        (config.attentionInput ? 1 : 0) +
        (config.searchBuckets ? 1 : 0)) *
        dim +
        denseWidth,
      [...hidden, dim],
      seed + 2,
    );
    this.itemTower =
      this.representation === 'id'
        ? []
        : createStack(
            'retrieval/item-tower',
            config.itemFeatureWidth ?? 0,
            [...(config.itemHidden ?? [64]), dim],
            seed + 20,
          );
    this.attention = config.attentionInput
      ? createAttention(config.historyLength, dim, seed + 40)
      : undefined;
    this.searchEmbedding = createSearchEmbedding(config);
    if (weights) this.setWeights(weights);
  }

  get representation(): ItemRepresentation {
    return this.config.itemRepresentation ?? 'id';
  }

  /** Every trainable variable. The id table is left out where the tower alone makes v. */
  variables(): tf.Variable[] {
    return [
      this.historyEmbedding,
      ...(this.representation === 'tower' ? [] : [this.itemEmbedding]),
      ...this.tower.flatMap((l) => [l.w, l.b]),
      ...this.itemTower.flatMap((l) => [l.w, l.b]),
      ...(this.attention ? attentionVariables(this.attention) : []),
      ...(this.searchEmbedding ? [this.searchEmbedding] : []),
    ];
  }

  /** Sets the tower inputs of every vocabulary item ([numItems * featureWidth]). */
  setItemFeatures(features: Float32Array): void {
    if (this.representation === 'id') return;
    this.itemFeatures?.dispose();
    this.itemFeatures = tf.tensor2d(features, [this.config.numItems, this.config.itemFeatureWidth ?? 0]);
  }

  private towerInputs(): tf.Tensor2D {
    if (!this.itemFeatures) throw new Error('retrieval: item features are not set (setItemFeatures)');
    return this.itemFeatures;
  }

  /** With idBuckets: maps each vocabulary item to its hashed row (row 0 stays the unknown-id row). */
  setItemIds(ids: readonly string[]): void {
    const b = this.config.idBuckets;
    if (!b) return;
    this.bucketOf = Int32Array.from(ids, (id, i) => (i === 0 ? 0 : 1 + hashBucket(id, b)));
  }

  /** Reads the id tables through `slabs` until called again without (sparse training steps). */
  useSlabs(slabs?: Slabs): void {
    this.slabs = slabs;
  }

  /** Id-embedding rows of item indices; items added after training read the unknown-id row. */
  idRows(items: Int32Array): Int32Array {
    const n0 = this.config.numItems;
    const map = this.bucketOf;
    if (this.config.idBuckets && !map)
      throw new Error('retrieval: idBuckets set but item ids are not (setItemIds)');
    if (!map && !items.some((i) => i >= n0)) return items;
    return items.map((i) => (i >= n0 ? 0 : map ? map[i] : i));
  }

  /** The id part of every item, [numItems, d]. */
  private idPart(): tf.Tensor2D {
    return (
      this.bucketOf ? tf.gather(this.itemEmbedding, tf.tensor1d(this.bucketOf, 'int32')) : this.itemEmbedding
    ) as tf.Tensor2D;
  }

  /** φ(x) for [rows, featureWidth] item features: the tower part of v. Call inside tf.tidy. */
  embedFeatures(features: tf.Tensor2D): tf.Tensor2D {
    return applyStack(this.itemTower, features);
  }

  /** V: every item's embedding, [numItems, d]. Call inside tf.tidy. */
  items(): tf.Tensor2D {
    if (this.representation === 'id') return this.idPart();
    const phi = this.embedFeatures(this.towerInputs());
    return this.representation === 'tower' ? phi : (tf.add(this.idPart(), phi) as tf.Tensor2D);
  }

  /** Embeddings of the given items, [ids.length, d]. Call inside tf.tidy. */
  candidates(ids: Int32Array): tf.Tensor2D {
    const [table, rows] = viaSlab(this.slabs, this.itemEmbedding, this.idRows(ids));
    const byId = () => tf.gather(table, tf.tensor1d(rows, 'int32')) as tf.Tensor2D;
    if (this.representation === 'id') return byId();
    const phi = this.embedFeatures(tf.gather(this.towerInputs(), tf.tensor1d(ids, 'int32')) as tf.Tensor2D);
    return this.representation === 'tower' ? phi : (tf.add(byId(), phi) as tf.Tensor2D);
  }

  /** ψ(x) for a batch: [size, dim]. Call inside tf.tidy. */
  query(batch: QueryBatch): tf.Tensor2D {
    return applyStack(this.tower, this.queryInput(batch));
  }

  /** The tower's input x for a batch (bags, attention, searches, dense): [size, width]. In tf.tidy. */
  queryInput(batch: QueryBatch): tf.Tensor2D {
    const { historyLength: n, denseWidth } = this.config;
    // Every history input is a weighted bag over the same rows (embeddingBags fuses them).
    const weights = [batch.meanWeights, batch.recentWeights];
    // The most recent watch on its own: a one-hot bag on the last slot (history slots are
    // right-aligned: the last is the latest). Each of the last 3 or 5 as inputs of their own
    // measured worse on MovieLens-100K (validation NDCG@10 0.112 / 0.115 against 0.121).
    if (this.config.lastItemInput) {
      const last = new Float32Array(batch.size * n);
      for (let r = 0; r < batch.size; r++) last[r * n + n - 1] = 1;
      weights.push(last);
    }
    if (this.config.timeDecayInput) {
      if (!batch.timeWeights) throw new Error('retrieval: timeDecayInput needs QueryBatch.timeWeights');
      weights.push(batch.timeWeights);
    }
    const [history, ids] = viaSlab(this.slabs, this.historyEmbedding, this.idRows(batch.historyIds));
    const bags = embeddingBags(history, ids, weights, batch.size, n);
    const parts = [bags, tf.tensor2d(batch.dense, [batch.size, denseWidth])];
    if (this.attention) parts.splice(1, 0, attend(this.attention, history, ids, batch.size));
    if (this.searchEmbedding)
      parts.splice(-1, 0, searchBags(this.searchEmbedding, batch, this.config.searchLength ?? 0));
    return tf.concat(parts, 1) as tf.Tensor2D;
  }

  /**
   * ψ(x) at every position of a batch of sequence windows (sequence training), [seq.size, dim]:
   * the same function of each position's history as query() of its per-cut row, with each
   * window's history gathered once and the bags of all its positions one causal product.
   * Call inside tf.tidy.
   */
  querySequences(seq: SequenceBatch): tf.Tensor2D {
    if (this.attention) throw new Error('retrieval: sequence training does not support attentionInput');
    const bands = [seq.meanBand, seq.recentBand];
    if (this.config.lastItemInput) bands.push(seq.lastBand);
    if (this.config.timeDecayInput) bands.push(seq.timeBand);
    const grid = causalBags(
      ...viaSlab(this.slabs, this.historyEmbedding, this.idRows(seq.slotIds)),
      bands,
      seq.windows,
      seq.width,
      seq.span,
    );
    const bags = tf.gather(grid, tf.tensor1d(seq.cells, 'int32')) as tf.Tensor2D;
    const dense = tf.tensor2d(seq.dense, [seq.size, this.config.denseWidth]);
    // Sequence windows carry no searches (training turns the input off there): "never searched".
    const search = this.searchEmbedding ? [tf.zeros([seq.size, this.config.dim])] : [];
    return applyStack(this.tower, tf.concat([bags, ...search, dense], 1) as tf.Tensor2D);
  }

  /** V as a plain array, [numItems * dim] row-major, for the index and the ranker. */
  itemVectors(): Float32Array {
    // In `id` mode items() is the variable itself, which readTidy would dispose.
    if (this.representation === 'id' && !this.bucketOf) return this.itemEmbedding.dataSync() as Float32Array;
    return readTidy(() => this.items());
  }

  getWeights(): tf.NamedTensorMap {
    return namedWeights(this.variables());
  }

  setWeights(weights: tf.NamedTensorMap): void {
    assignWeights('retrieval', this.variables(), weights);
  }

  dispose(): void {
    tf.dispose([this.historyEmbedding, this.itemEmbedding, ...this.tower.flatMap((l) => [l.w, l.b])]);
    tf.dispose(this.itemTower.flatMap((l) => [l.w, l.b]));
    if (this.attention) tf.dispose(attentionVariables(this.attention));
    this.searchEmbedding?.dispose();
    this.itemFeatures?.dispose();
  }
}
