import { softmaxCrossEntropy } from '../../runtime/ops/softmax-cross-entropy.ts';
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
 * @param groups [B] optional group of each row (sequence training: the user): the positives of
 *   the other rows of a query's own group are masked like accidental hits, so a user's other
 *   watches (many in a batch of whole windows) are not taken for negatives of that user.
 */
export function inBatchSoftmaxLoss(
  query: tf.Tensor2D,
  candidates: tf.Tensor2D,
  ids: Int32Array,
  logQ?: Float32Array,
  extra?: ExtraNegatives,
  groups?: Int32Array,
): tf.Scalar {
  const b = ids.length;
  const m = extra?.shared?.ids.length ?? 0;
  const h = extra?.hard?.ids.length ? extra.hard.ids.length / b : 0;
  const width = b + m + h;
  // The additive bias is built on the CPU: it depends only on ids, never needs a gradient. Every
  // row starts as the same -log Q row (copied, not computed per entry: this ran ~0.8 ms a step
  // as a per-entry loop); accidental hits are then masked where ids repeat, which is rare.
  const bias = new Float32Array(b * width);
  const head = new Float32Array(width);
  if (logQ) for (let j = 0; j < b; j++) head[j] = -logQ[j];
  const shared = extra?.shared;
  if (shared) for (let j = 0; j < m; j++) head[b + j] = -shared.logQ[j];
  for (let i = 0; i < b; i++) bias.set(head, i * width);
  const positions = new Map<number, number[]>();
  for (let i = 0; i < b; i++) {
    const same = positions.get(ids[i]);
    if (same) same.push(i);
    else positions.set(ids[i], [i]);
  }
  const sameGroup = (i: number, j: number) => groups !== undefined && groups[i] === groups[j];
  for (const same of positions.values()) {
    if (same.length < 2) continue;
    for (const i of same)
      for (const j of same) if (i !== j && !sameGroup(i, j)) bias[i * width + j] += MASKED;
  }
  if (groups) {
    if (groups.length !== b) throw new RangeError(`in-batch softmax: ${groups.length} groups for ${b} rows`);
    const members = new Map<number, number[]>();
    for (let i = 0; i < b; i++) {
      const g = members.get(groups[i]);
      if (g) g.push(i);
      else members.set(groups[i], [i]);
    }
    for (const rows of members.values())
      for (const i of rows) for (const j of rows) if (i !== j) bias[i * width + j] += MASKED;
  }
  if (shared)
    for (let j = 0; j < m; j++)
      for (const i of positions.get(shared.ids[j]) ?? []) bias[i * width + b + j] += MASKED;
  for (let i = 0; i < b; i++)
    for (let j = 0; j < h; j++)
      if (extra!.hard!.ids[i * h + j] === ids[i]) bias[i * width + b + m + j] += MASKED;
  const parts: tf.Tensor2D[] = [tf.matMul(query, candidates, false, true)];
  if (m > 0) parts.push(tf.matMul(query, extra!.shared!.embeddings, false, true));
  if (h > 0) {
    // Row-specific negatives: q_i · e_ik for each of row i's h items.
    const e = extra!.hard!.embeddings; // [b * h, d]
    const q = tf.reshape(query, [b, 1, -1]);
    parts.push(tf.sum(tf.mul(q, tf.reshape(e, [b, h, -1])), 2) as tf.Tensor2D);
  }
  const raw = parts.length === 1 ? parts[0] : tf.concat(parts, 1);
  const logits = tf.add(raw, tf.tensor2d(bias, [b, width])) as tf.Tensor2D;
  return softmaxCrossEntropy(
    logits,
    Int32Array.from({ length: b }, (_, i) => i),
  );
}

/** Negatives besides the other positives of the batch. */
export interface ExtraNegatives {
  /**
   * Negatives shared by every query of the batch (e.g. drawn uniformly from the catalogue),
   * with the log of their expected count per batch for the logQ correction.
   */
  shared?: { embeddings: tf.Tensor2D; ids: Int32Array; logQ: Float32Array };
  /**
   * Hard negatives, h per query, row-major [b * h] (ids) and [b * h, d] (embeddings): items the
   * model currently scores high that the query did not watch. No logQ correction: they are
   * chosen, not sampled.
   */
  hard?: { embeddings: tf.Tensor2D; ids: Int32Array };
}

/**
 * Full softmax over the whole catalogue: logits = ψ(x)·Vᵀ, cross-entropy against the watched
 * item. Exact, and cheap while the catalogue is small (a few thousand items).
 *
 * @param query [B, d]; @param items [numItems, d]; @param labels [B] item indices.
 */
export function fullSoftmaxLoss(query: tf.Tensor2D, items: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  // Index 0 is the OOV bucket, never a valid answer: it is left out of the softmax (a slice of the
  // table, cheaper than masking a column of the [B, numItems] logits).
  const n = items.shape[0];
  if (labels.some((l) => l < 1 || l >= n))
    throw new RangeError('full softmax: a label is the OOV bucket or out of range');
  const logits = tf.matMul(query, tf.slice(items, [1, 0], [n - 1, -1]), false, true) as tf.Tensor2D;
  return softmaxCrossEntropy(
    logits,
    labels.map((l) => l - 1),
  );
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
