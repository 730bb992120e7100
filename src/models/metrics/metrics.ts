/**
 * Factorized top-K metrics over the whole catalogue (as in TFRS `FactorizedTopK`): every item
 * except the user's own history is a candidate, and the held-out item's rank decides (rankOf in
 * ../top-k.ts: the one tie rule).
 */

export interface RankingSummary {
  /** recall@K = hit rate@K with one held-out item per user. */
  recall: Record<number, number>;
  /** NDCG@10 = mean of 1/log2(rank + 2) when rank < 10. */
  ndcg10: number;
  /** MRR = mean of 1/(rank + 1). */
  mrr: number;
  users: number;
}

/** Summarises 0-based ranks of held-out items. */
export function summarizeRanks(
  ranks: readonly number[],
  ks: readonly number[] = [10, 50, 100, 200],
): RankingSummary {
  const n = Math.max(1, ranks.length);
  const recall: Record<number, number> = {};
  for (const k of ks) recall[k] = ranks.filter((r) => r < k).length / n;
  const ndcg10 = ranks.reduce((s, r) => s + (r < 10 ? 1 / Math.log2(r + 2) : 0), 0) / n;
  const mrr = ranks.reduce((s, r) => s + 1 / (r + 1), 0) / n;
  return { recall, ndcg10, mrr, users: ranks.length };
}

/** Area under the ROC curve of `scores` for binary `labels`, with optional per-example weights. */
export function auc(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  // Sweep from the lowest score: each positive's weight times the negative weight below it.
  let negBelow = 0;
  let area = 0;
  let pos = 0;
  let neg = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    let tiePos = 0;
    let tieNeg = 0;
    while (j < order.length && scores[order[j]] === scores[order[i]]) {
      const w = weights ? weights[order[j]] : 1;
      if (labels[order[j]] > 0) tiePos += w;
      else tieNeg += w;
      j++;
    }
    area += tiePos * (negBelow + tieNeg / 2);
    negBelow += tieNeg;
    pos += tiePos;
    neg += tieNeg;
    i = j;
  }
  return pos > 0 && neg > 0 ? area / (pos * neg) : 0.5;
}
