import { tf } from '../../runtime/tf.ts';
import { uniqueName } from '../layers/dense.ts';

/**
 * An order-aware read of the watch history for the query tower (SoftmaxDnnConfig.attentionInput):
 * one self-attention block in the manner of SASRec, evaluated at the one position that is served,
 * the latest watch. Measured on MovieLens-100K it lost recall (docs/evaluation.md), so it is off.
 */
export interface Attention {
  /** Position embeddings of the history slots, [n, d]. */
  position: tf.Variable;
  q: tf.Variable;
  k: tf.Variable;
  v: tf.Variable;
}

export function createAttention(n: number, dim: number, seed: number): Attention {
  const v = (name: string, shape: [number, number], std: number, s: number) =>
    tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, std, 'float32', s), true, uniqueName(name)));
  const std = Math.sqrt(1 / dim);
  return {
    position: v('retrieval/attention/position', [n, dim], 0.05, seed),
    q: v('retrieval/attention/q', [dim, dim], std, seed + 1),
    k: v('retrieval/attention/k', [dim, dim], std, seed + 2),
    v: v('retrieval/attention/v', [dim, dim], std, seed + 3),
  };
}

export const attentionVariables = (a: Attention): tf.Variable[] => [a.position, a.q, a.k, a.v];

/**
 * The read, [size, d], for `ids` ([size * n] embedding rows, right-aligned, 0 = empty): the
 * latest slot (n−1, with its position) asks, every non-empty slot answers, and softmax(q·k/√d)
 * over the slots weighs their values. At the served position every slot is at or before the
 * latest, so no causal mask is needed. Call inside tf.tidy.
 */
export function attend(a: Attention, embedding: tf.Tensor, ids: Int32Array, size: number): tf.Tensor2D {
  const [n, dim] = a.position.shape as [number, number];
  const x = tf.add(
    tf.reshape(tf.gather(embedding, tf.tensor1d(ids, 'int32')), [size, n, dim]),
    a.position,
  ) as tf.Tensor3D;
  const flat = tf.reshape(x, [size * n, dim]) as tf.Tensor2D;
  const keys = tf.reshape(tf.matMul(flat, a.k), [size, n, dim]);
  const values = tf.reshape(tf.matMul(flat, a.v), [size, n, dim]);
  const last = tf.reshape(tf.slice(x, [0, n - 1, 0], [size, 1, dim]), [size, dim]) as tf.Tensor2D;
  const q = tf.reshape(tf.matMul(last, a.q), [size, 1, dim]);
  const empty = Float32Array.from(ids, (id) => (id === 0 ? -1e9 : 0));
  const logits = tf.add(
    tf.mul(tf.sum(tf.mul(keys, q), 2), 1 / Math.sqrt(dim)),
    tf.tensor2d(empty, [size, n]),
  );
  const w = tf.reshape(tf.softmax(logits), [size, n, 1]);
  return tf.sum(tf.mul(w, values), 1) as tf.Tensor2D;
}
