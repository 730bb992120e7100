/**
 * Below this an expected watch time counts as this: the ranker's exp(logit) underflows to 0 for
 * hopeless candidates, and log(0) would sink them below items that were never scored.
 */
export const MIN_WATCH_TIME = 1e-12;

/**
 * The serving order  ψ(x)·v + β · log E[watch time]: the retrieval logit plus β times the
 * ranker's logit. `expectedWatchTime` is what `Ranker.score` returns, exp(logit), so the log
 * undoes it. β is learnt on the validation split (training/blend.ts); β = 0 is retrieval order
 * exactly, even when the ranker returns a non-finite value.
 */
export function blendScore(retrievalScore: number, expectedWatchTime: number, beta: number): number {
  if (beta === 0) return retrievalScore;
  return retrievalScore + beta * Math.log(Math.max(expectedWatchTime, MIN_WATCH_TIME));
}
