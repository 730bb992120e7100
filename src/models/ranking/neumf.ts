import { readTidy } from '../../runtime/read.ts';
import { tf } from '../../runtime/tf.ts';
import { applyStack, createStack, type Dense, uniqueName } from '../layers/dense.ts';

/**
 * NeuMF (He et al. 2017, "Neural Collaborative Filtering"): a GMF branch (user ⊙ item
 * embeddings) and an MLP branch over separately learnt user and item embeddings, concatenated
 * into one logit. Kept as a comparison scorer for the ranking evaluation: it sees only ids.
 */
export interface NeuMfConfig {
  numUsers: number;
  numItems: number;
  /** Size of each of the four embedding tables. */
  dim: number;
  /** MLP branch layer sizes. */
  hidden: number[];
  seed: number;
}

export class NeuMf {
  readonly config: NeuMfConfig;
  private readonly tables: tf.Variable[];
  private readonly mlp: Dense[];
  private readonly head: Dense[];

  constructor(config: NeuMfConfig) {
    this.config = config;
    const { numUsers, numItems, dim, hidden, seed } = config;
    this.tables = tf.tidy(() =>
      [
        ['neumf/user-gmf', numUsers],
        ['neumf/item-gmf', numItems],
        ['neumf/user-mlp', numUsers],
        ['neumf/item-mlp', numItems],
      ].map(([name, rows], i) =>
        tf.variable(
          tf.randomNormal([rows as number, dim], 0, 0.05, 'float32', seed + i),
          true,
          uniqueName(name as string),
        ),
      ),
    );
    this.mlp = createStack('neumf/mlp', 2 * dim, hidden, seed + 10);
    // The MLP stack's last layer stays linear in applyStack; the paper's tower is ReLU throughout,
    // so a ReLU is applied explicitly before the head.
    this.head = createStack('neumf/head', dim + hidden[hidden.length - 1], [1], seed + 20);
  }

  variables(): tf.Variable[] {
    return [...this.tables, ...this.mlp.flatMap((l) => [l.w, l.b]), ...this.head.flatMap((l) => [l.w, l.b])];
  }

  /** Logits for (user, item) pairs: [B]. Call inside tf.tidy. */
  logits(users: Int32Array, items: Int32Array): tf.Tensor1D {
    const u = tf.tensor1d(users, 'int32');
    const i = tf.tensor1d(items, 'int32');
    const [ug, ig, um, im] = this.tables;
    const gmf = tf.mul(tf.gather(ug, u), tf.gather(ig, i)) as tf.Tensor2D;
    const mlp = tf.relu(
      applyStack(this.mlp, tf.concat([tf.gather(um, u), tf.gather(im, i)], 1) as tf.Tensor2D),
    );
    return tf.reshape(applyStack(this.head, tf.concat([gmf, mlp], 1) as tf.Tensor2D), [-1]) as tf.Tensor1D;
  }

  score(users: Int32Array, items: Int32Array): Float32Array {
    return readTidy(() => tf.sigmoid(this.logits(users, items)));
  }

  dispose(): void {
    tf.dispose(this.variables());
  }
}
