import { tf } from '../../runtime/tf.ts';

/**
 * Retrieval losses. They take embeddings and ids only; they do not know how the towers made
 * them (the TFRS `tasks.Retrieval` split).
 */

/** A large negative logit that removes a column from the softmax. */
const MASKED = -1e9;

/**
 * Sampled softmax with in-batch negatives: for query i, the positive is candidate i and the
 * other B-1 candidates of the batch are the negatives.
 *
 *   logits[i, j] = q_i · c_j − log Q(j)  (logQ correction: popular items appear as in-batch
 *                                          negatives more often; subtracting log of their
 *                                          sampling probability makes the estimate unbiased,
 *                                          Yi et al. 2019)
 *   logits[i, j] = −∞ when j ≠ i but ids[j] = ids[i] (an "accidental hit": the positive itself)
 *   loss = mean_i [ −log softmax(logits[i])[i] ]
 *
 * @param query [B, d] query embeddings ψ(x).
 * @param candidates [B, d] embeddings of each query's positive item.
 * @param ids [B] item index of each positive (to find accidental hits).
 * @param logQ [B] log sampling probability of each positive (omit to disable the correction).
 */
export function inBatchSoftmaxLoss(
  query: tf.Tensor2D,
  candidates: tf.Tensor2D,
  ids: Int32Array,
  logQ?: Float32Array,
): tf.Scalar {
  const b = ids.length;
  // The additive bias is built on the CPU: it depends only on ids, never needs a gradient.
  const bias = new Float32Array(b * b);
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < b; j++) {
      bias[i * b + j] = (logQ ? -logQ[j] : 0) + (i !== j && ids[i] === ids[j] ? MASKED : 0);
    }
  }
  const logits = tf.add(tf.matMul(query, candidates, false, true), tf.tensor2d(bias, [b, b]));
  const labels = tf.oneHot(tf.range(0, b, 1, 'int32'), b);
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}

/**
 * Full softmax over the whole catalogue: logits = ψ(x)·Vᵀ, cross-entropy against the watched
 * item. Exact, and cheap while the catalogue is small (a few thousand items).
 *
 * @param query [B, d]; @param items [numItems, d]; @param labels [B] item indices.
 */
export function fullSoftmaxLoss(query: tf.Tensor2D, items: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  const logits = tf.matMul(query, items, false, true);
  // Index 0 is the OOV bucket: never a valid answer.
  const mask = tf.oneHot(tf.tensor1d([0], 'int32'), items.shape[0]).mul(MASKED);
  const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), items.shape[0]);
  return tf.losses.softmaxCrossEntropy(oneHot, tf.add(logits, mask)) as tf.Scalar;
}

/**
 * Positives only: maximise log σ(ψ(x)·v) for watched items and nothing else. Without negatives
 * nothing pushes unrelated items apart, so embeddings of unrelated groups "fold" onto each
 * other; kept only to measure that effect against the sampled softmax.
 */
export function positivesOnlyLoss(query: tf.Tensor2D, positives: tf.Tensor2D): tf.Scalar {
  const logits = tf.sum(tf.mul(query, positives), 1);
  return tf.mean(tf.softplus(tf.neg(logits))) as tf.Scalar;
}
