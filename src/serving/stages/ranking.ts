import type { Origin } from '../../candidates/merge.ts';
import type { SearchResult } from '../../index/candidate-index.ts';
import { blendScore } from '../../models/ranking/blend-score.ts';
import type { Candidate } from '../rules/rule.ts';
import type { RankerInput } from './features.ts';

/** The part of the served ranker this stage calls (FactorizedRanker), so tests can stub it. */
export interface WatchTimeScorer {
  score(
    ctx: RankerInput['ctx'],
    q: RankerInput['query'],
    candidates: readonly number[],
    ranks?: ArrayLike<number>,
    origins?: RankerInput['origins'],
  ): Float32Array;
}

/**
 * The bundle's blend weight. A bundle without one predates the learnt blend, and its ranker
 * ordered the list alone, which β = 1 comes closest to.
 */
export function blendBeta(config: Record<string, unknown>): number {
  return (config.blend as { beta?: number } | undefined)?.beta ?? 1;
}

/** Expected watch time of each input item, in input order. */
export function scoreCandidates(scorer: WatchTimeScorer, input: RankerInput): Float32Array {
  return scorer.score(input.ctx, input.query, input.items, input.ranks, input.origins);
}

/**
 * The kept candidates in serving order, best first (ties keep retrieval order). The shown score
 * is exp(blend − max ψ·v), i.e. exp(ψ·v − max ψ·v) · E[watch time]^β: positive, 1 for the best
 * retrieval score at β = 0, and on a scale the multiplicative rules (freshness, dislike) keep.
 */
export function blendOrder(
  found: SearchResult & { origins?: readonly Origin[][] },
  kept: readonly number[],
  /** The ranker's expected watch times of `kept`; undefined without a ranker (retrieval order). */
  watchTime: ArrayLike<number> | undefined,
  beta: number,
): Candidate[] {
  let top = Number.NEGATIVE_INFINITY;
  for (const r of kept) top = Math.max(top, found.scores[r]);
  return kept
    .map((r, j) => ({
      item: found.items[r],
      retrievalScore: found.scores[r],
      retrievalRank: r,
      ...(watchTime ? { rankerScore: watchTime[j] } : {}),
      ...(found.origins ? { sources: found.origins[r] } : {}),
      score: Math.exp((watchTime ? blendScore(found.scores[r], watchTime[j], beta) : found.scores[r]) - top),
    }))
    .sort((a, c) => c.score - a.score);
}
