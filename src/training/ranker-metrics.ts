import { auc } from '../models/metrics/metrics.ts';
import { watchTimeMetrics } from '../models/metrics/watch-time.ts';
import type { RankerExamples } from './ranker-examples.ts';

/** A scorer's figures on held-out ranker examples. */
export interface RankerMetrics {
  auc: number;
  /** AUC with each positive weighted by its watch time (negatives 1). */
  weightedAuc: number;
  examples: number;
  /** Mean over users of the watch time of their 10 best-scored validation impressions. */
  watchTimeTop10: number;
  ndcg10WatchTime: number;
}

/** The ranker's validation figures for `scores` of the examples in `valid` (any scorer's). */
export function rankerMetrics(valid: RankerExamples, scores: ArrayLike<number>): RankerMetrics {
  const wt = watchTimeMetrics(valid.user, scores, valid.watchTime);
  return {
    auc: auc(scores, valid.labels),
    weightedAuc: auc(
      scores,
      valid.labels,
      Float32Array.from(valid.watchTime, (w, i) => (valid.labels[i] ? w : 1)),
    ),
    examples: valid.size,
    watchTimeTop10: wt.watchTimeTop10,
    ndcg10WatchTime: wt.ndcg10WatchTime,
  };
}
