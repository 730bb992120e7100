import type { SourceQuotas } from '../bundle/sources-config.ts';

export interface RankerTrainConfig {
  /**
   * When `reco train` trains the ranker. `auto`: when the data has impressions, the labels the
   * ranker is built for (shown and watched or not, with watch time). Without them it learns only
   * to reorder retrieval's own top candidates against sampled negatives: on MovieLens-100K that
   * added +0.002 validation NDCG@10 (0.100 -> 0.102, within noise) for 16 of 37 s of training
   * (docs/evaluation.md), so it is skipped there and the list is served in retrieval order.
   * `always` / `never` force it.
   */
  when: RankerWhen;
  hidden: number[];
  epochs: number;
  /**
   * Budget of optimizer steps: large data sets get fewer epochs (at least 3), as for retrieval.
   * Measured on a synthetic set of MovieLens-100K's format and size (300k ranker examples):
   * validation AUC 0.826 / 0.821 / 0.828 after 3 / 4 / 8 epochs (±0.005 from epoch to epoch), so
   * 8 epochs there only doubled `reco train` (25.4 s with the budget, 32.6 s without).
   */
  maxSteps: number;
  batchSize: number;
  learningRate: number;
  /** Cap on training impressions (sampled uniformly beyond it) to bound memory. */
  maxExamples: number;
  /** Share of the latest impressions (by time) held out for validation. */
  validShare: number;
  /** Negatives per watch drawn from retrieval's top candidates the user never watched. */
  negativesPerWatch: number;
  /** With source columns: negatives per watch drawn from the other sources' candidates of that moment. */
  sourceNegativesPerWatch: number;
  /**
   * `always`: add retrieval negatives to the impressions (default: the ranker then learns to
   * reorder the candidates it gets at serving); `without-impressions`: only for users with no
   * impressions (MovieLens-style data), so the loss is the YouTube paper's on impression data.
   */
  retrievalNegatives: 'always' | 'without-impressions';
  /**
   * Train on the merged candidate sets serving produces, with two columns per source (produced
   * the candidate, log rank there), so the ranker learns how far to trust each source. `false`
   * trains the ann-only ranker of bundles before sources (serving reads either).
   */
  sourceFeatures: boolean;
  /**
   * The candidate sets replayed for training: what each source adds per moment. Every source
   * is replayed, including those with a serving quota of 0, so a request that turns one on
   * (`?sources=fresh:20`) meets a ranker that has seen its candidates.
   */
  sourceQuotas: SourceQuotas;
  /**
   * Most query moments (a watch with its negatives, or an impression) whose candidate sets are
   * replayed, sampled by `seed`, spread over each user's timeline (see sampleMoments). The
   * replay asks every source for its candidates at each moment, so without a bound its cost
   * grew with the data set (1,000 s of MovieLens-1M's shape); the examples of moments that are
   * not replayed are left out (rawExamples says why). Only read with `sourceFeatures`.
   */
  replayMoments: number;
  /** `weighted-logistic`: positives weighted by watch time (the default); `logistic`: every weight 1 (click prediction). */
  loss: 'weighted-logistic' | 'logistic';
  seed: number;
}

export type RankerWhen = 'auto' | 'always' | 'never';

export const RANKER_WHEN: readonly RankerWhen[] = ['auto', 'always', 'never'];

export const DEFAULT_RANKER_CONFIG: RankerTrainConfig = {
  when: 'auto',
  hidden: [128, 64],
  epochs: 8,
  maxSteps: 2_500,
  batchSize: 512,
  learningRate: 0.002,
  maxExamples: 300_000,
  validShare: 0.1,
  negativesPerWatch: 3,
  sourceNegativesPerWatch: 2,
  retrievalNegatives: 'always',
  sourceFeatures: true,
  sourceQuotas: { ann: 200, related: 50, neighbours: 50, fresh: 30, trending: 30 },
  replayMoments: 40_000,
  loss: 'weighted-logistic',
  seed: 11,
};

/** Whether `reco train` trains the ranker on these timelines, and why (for the log). */
export function rankerDecision(
  when: RankerWhen,
  timelines: Iterable<{ impressions: readonly unknown[] }>,
): { train: boolean; reason: string } {
  if (when === 'always') return { train: true, reason: 'ranker.when is always' };
  if (when === 'never') return { train: false, reason: 'ranker.when is never' };
  let impressions = 0;
  for (const tl of timelines) impressions += tl.impressions.length;
  return impressions > 0
    ? { train: true, reason: `${impressions} impressions to learn from` }
    : {
        train: false,
        reason: 'no impressions in the data (serving in retrieval order; --ranker always trains it anyway)',
      };
}
