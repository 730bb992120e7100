import type { ContextShareParams } from '../features/context-share.ts';
import { DEFAULT_HEAD_PERCENT } from '../models/metrics/exposure.ts';

export type { ContextShareParams };

/**
 * The parameters of the serving rules, as a bundle's `config.rules` carries them: training
 * writes the defaults into every manifest, serving reads them back (and applies per-request
 * overrides), so neither layer has to import the other.
 */

export interface DislikeParams {
  /** Items at least this cosine-similar to a disliked item are demoted. */
  similarity: number;
  /** Score factor for items near a disliked one. */
  nearFactor: number;
  /** After this many dislikes in one topic, the topic's items are demoted; 0 = off. */
  topicDislikes: number;
  /** Score factor for items of such a topic. */
  topicFactor: number;
}

export interface DiversityParams {
  /** MMR trade-off: 1 = pure relevance, 0 = pure novelty. */
  lambda: number;
  /** Most items of one topic in each 10 positions of the top k; 0 disables the cap. */
  maxPerTopic: number;
}

export interface FreshnessParams {
  /** Extra score share of a brand-new item: score × (1 + boost) at age 0. */
  boost: number;
  /** Age at which the boost has halved. */
  halfLifeDays: number;
}

export interface SeenParams {
  /** Watched items may come back after this many days; 0 = never. */
  rewatchAfterDays: number;
}

export interface ProviderCapParams {
  /** Most items of one provider in each 10 positions of the top k; 0 disables the cap. */
  maxPerProvider: number;
}

export interface LongTailParams {
  /** Items from outside the head wanted in each 10 positions of the top k; 0 disables the floor. */
  minItems: number;
  /** The head: this share (per cent) of the catalogue, the most watched items in training. */
  headPercent: number;
  /**
   * A tail item takes a head item's place only when its score is at least (1 − margin) × the
   * displaced item's score (0 = only on a tie, 1 = whatever it scores).
   */
  margin: number;
}

/** Parameters of every rule; stored in the bundle's manifest (`config.rules`). */
export interface RulesConfig {
  seen: SeenParams;
  dislike: DislikeParams;
  freshness: FreshnessParams;
  diversity: DiversityParams;
  /** Fair exposure (absent in bundles written before it: the defaults, off, apply). */
  providerCap?: ProviderCapParams;
  longTail?: LongTailParams;
  /** Context post-filter (absent in bundles written before it: off). */
  contextShare?: ContextShareParams;
}

/** No cap: what a bundle without `providerCap` serves with. */
export const DEFAULT_PROVIDER_CAP: ProviderCapParams = { maxPerProvider: 0 };
/** No floor (minItems 0); the head and margin a request's `longTailMin` alone turns on with. */
export const DEFAULT_LONG_TAIL: LongTailParams = {
  minItems: 0,
  headPercent: DEFAULT_HEAD_PERCENT,
  margin: 0.2,
};

/** Off (strength 0): on the context world it did not beat the context features (docs/evaluation.md). */
export const DEFAULT_CONTEXT_SHARE: ContextShareParams = { strength: 0, smoothing: 5 };

export const DEFAULT_RULES: RulesConfig = {
  seen: { rewatchAfterDays: 0 },
  dislike: { similarity: 0.9, nearFactor: 0.5, topicDislikes: 3, topicFactor: 0.5 },
  freshness: { boost: 0.2, halfLifeDays: 7 },
  // Diversity is a product choice, off by default: through the API on the demo world, MMR λ 0.9
  // with 4 per topic cost R@10 0.465 -> 0.363 and R@50 0.783 -> 0.593 (reco evaluate --models
  // served). Turn it on per bundle or per request (?diversityLambda=0.9&maxPerTopic=4).
  diversity: { lambda: 1, maxPerTopic: 0 },
  // Fair exposure is a product choice too, off by default (docs/evaluation.md, "Fair exposure").
  providerCap: DEFAULT_PROVIDER_CAP,
  longTail: DEFAULT_LONG_TAIL,
  contextShare: DEFAULT_CONTEXT_SHARE,
};
