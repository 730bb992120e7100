import { tf } from '../../runtime/tf.ts';

/**
 * Watch-time-weighted logistic regression (Covington et al. 2016, section 4.2): watched
 * impressions are positives weighted by their watch time, unwatched impressions negatives with
 * weight 1. The learned odds are then Σ Tᵢ / (N − k) ≈ E[T](1 + P) ≈ E[T] for a small click
 * probability P, so exp(logit) estimates the expected watch time of an impression.
 *
 *   loss = Σ wᵢ · CE(yᵢ, xᵢ) / Σ wᵢ,   CE(y, x) = max(x, 0) − x·y + log(1 + e^{−|x|})
 *
 * With every weight 1 this is plain logistic loss (click prediction).
 *
 * @param logits [B] ranker outputs; @param labels [B] 1 watched / 0 not; @param weights [B].
 */
export function weightedLogisticLoss(
  logits: tf.Tensor1D,
  labels: Float32Array,
  weights: Float32Array,
): tf.Scalar {
  const y = tf.tensor1d(labels);
  const w = tf.tensor1d(weights);
  const ce = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, y)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  return tf.div(tf.sum(tf.mul(ce, w)), tf.sum(w)) as tf.Scalar;
}
