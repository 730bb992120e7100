import { tf } from '../../runtime/tf.ts';
import {
  applyStack,
  assignWeights,
  createStack,
  type Dense,
  namedWeights,
  uniqueName,
} from '../layers/dense.ts';

/**
 * The YouTube candidate-generation network ("Deep Neural Networks for YouTube Recommendations",
 * Covington et al. 2016, section 3): the query embedding ψ(x) ∈ R^d is computed from a bag of
 * watched-item embeddings plus user and context features through ReLU layers, and the item
 * embedding matrix V ∈ R^{items x d} is the softmax layer's weights. Serving scores are ψ(x)·v_j,
 * so retrieval is a maximum-inner-product search over V.
 */
export interface SoftmaxDnnConfig {
  numItems: number;
  /** Width of the dense user + context feature vector. */
  denseWidth: number;
  historyLength: number;
  /** Query / item embedding size d. */
  dim: number;
  /** Hidden ReLU layer sizes between the inputs and ψ(x). */
  hidden: number[];
  seed: number;
  /** Trained with the example-age feature (the ranker's training queries then carry it too). */
  exampleAge?: boolean;
}

/** A batch of query inputs, row-major typed arrays. */
export interface QueryBatch {
  size: number;
  /** [size * historyLength] item indices (0 = padding). */
  historyIds: Int32Array;
  /** [size * historyLength] weights of the plain mean bag. */
  meanWeights: Float32Array;
  /** [size * historyLength] weights of the recency-weighted bag. */
  recentWeights: Float32Array;
  /** [size * denseWidth] user + context features. */
  dense: Float32Array;
}

export class SoftmaxDnn {
  readonly config: SoftmaxDnnConfig;
  /** Input-side embeddings of watched items: [numItems, dim]. */
  readonly historyEmbedding: tf.Variable;
  /** Output-side item embeddings V (softmax weights): [numItems, dim]. */
  readonly itemEmbedding: tf.Variable;
  readonly tower: Dense[];

  constructor(config: SoftmaxDnnConfig, weights?: tf.NamedTensorMap) {
    this.config = config;
    const { numItems, dim, denseWidth, hidden, seed } = config;
    this.historyEmbedding = tf.tidy(() =>
      tf.variable(
        tf.randomNormal([numItems, dim], 0, 0.05, 'float32', seed),
        true,
        uniqueName('retrieval/history'),
      ),
    );
    this.itemEmbedding = tf.tidy(() =>
      tf.variable(
        tf.randomNormal([numItems, dim], 0, 0.05, 'float32', seed + 1),
        true,
        uniqueName('retrieval/items'),
      ),
    );
    this.tower = createStack('retrieval/tower', 2 * dim + denseWidth, [...hidden, dim], seed + 2);
    if (weights) this.setWeights(weights);
  }

  /** Every trainable variable. */
  variables(): tf.Variable[] {
    return [this.historyEmbedding, this.itemEmbedding, ...this.tower.flatMap((l) => [l.w, l.b])];
  }

  /** ψ(x) for a batch: [size, dim]. Call inside tf.tidy. */
  query(batch: QueryBatch): tf.Tensor2D {
    const { historyLength: n, dim, denseWidth } = this.config;
    const ids = tf.tensor1d(batch.historyIds, 'int32');
    const rows = tf.reshape(tf.gather(this.historyEmbedding, ids), [batch.size, n, dim]);
    const bag = (w: Float32Array) =>
      tf.sum(tf.mul(rows, tf.tensor3d(w, [batch.size, n, 1])), 1) as tf.Tensor2D;
    const dense = tf.tensor2d(batch.dense, [batch.size, denseWidth]);
    const x = tf.concat([bag(batch.meanWeights), bag(batch.recentWeights), dense], 1);
    return applyStack(this.tower, x);
  }

  /** V as a plain array, [numItems * dim] row-major, for the index and the ranker. */
  itemVectors(): Float32Array {
    return this.itemEmbedding.dataSync() as Float32Array;
  }

  getWeights(): tf.NamedTensorMap {
    return namedWeights(this.variables());
  }

  setWeights(weights: tf.NamedTensorMap): void {
    assignWeights('retrieval', this.variables(), weights);
  }

  dispose(): void {
    tf.dispose(this.variables());
  }
}
