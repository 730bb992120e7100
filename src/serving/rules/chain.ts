import { removeDisliked } from './dislike.ts';
import { type DiversityParams, topicCap } from './diversity.ts';
import { type FreshnessParams, freshness } from './freshness.ts';
import type { Candidate, Rule, RuleContext } from './rule.ts';
import { removeWatched } from './seen.ts';

export interface RulesConfig {
  freshness: FreshnessParams;
  diversity: DiversityParams;
}

export const DEFAULT_RULES: RulesConfig = {
  freshness: { boost: 0.2, halfLifeDays: 7 },
  diversity: { maxPerTopic: 4 },
};

/** The rule chain, in order: filters first, then score adjustments, then list shaping. */
export function createChain(cfg: RulesConfig): Rule[] {
  return [removeDisliked, removeWatched, freshness(cfg.freshness), topicCap(cfg.diversity)];
}

export function applyChain(
  chain: readonly Rule[],
  list: readonly Candidate[],
  ctx: RuleContext,
): Candidate[] {
  let out: Candidate[] = [...list];
  for (const rule of chain) out = rule(out, ctx);
  return out;
}
