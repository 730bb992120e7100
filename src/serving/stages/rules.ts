import { DEFAULT_LONG_TAIL, DEFAULT_PROVIDER_CAP } from '../../bundle/rules-config.ts';
import { lookup, type Vocab } from '../../data/vocab.ts';
import type { SearchResult } from '../../index/candidate-index.ts';
import type { RecommendRequest } from '../engine.ts';
import {
  applyChain,
  type ChainTrace,
  createChain,
  keptByFilters,
  type RulesConfig,
  splitLeadingFilters,
} from '../rules/chain.ts';
import { hasFilters, type RequestFilters } from '../rules/request-filters.ts';
import type { Candidate, Rule, RuleContext } from '../rules/rule.ts';

/** The rule parameters the bundle was trained with, else the service's. */
export function bundleRules(config: Record<string, unknown>, fallback: RulesConfig): RulesConfig {
  return (config.rules as RulesConfig | undefined) ?? fallback;
}

/** Topic names to the bundle's topic indices (unknown names map to 0, which no item has). */
export function resolveFilters(topics: Vocab, f: RecommendRequest['filters']): RequestFilters {
  const set = (names?: string[]) => (names ? new Set(names.map((n) => lookup(topics, n))) : undefined);
  return { topics: set(f?.topics), excludeTopics: set(f?.excludeTopics), maxAgeDays: f?.maxAgeDays };
}

export function hasOverrides(o: RecommendRequest['rules']): boolean {
  return !!o && Object.values(o).some((v) => v !== undefined);
}

/** The bundle's rule parameters with a request's overrides applied. */
export function withOverrides(cfg: RulesConfig, o: RecommendRequest['rules']): RulesConfig {
  if (!o) return cfg;
  return {
    ...cfg,
    freshness: { ...cfg.freshness, boost: o.freshnessBoost ?? cfg.freshness.boost },
    diversity: {
      lambda: o.diversityLambda ?? cfg.diversity.lambda,
      maxPerTopic: o.maxPerTopic ?? cfg.diversity.maxPerTopic,
    },
    ...exposureOverrides(cfg, o),
  };
}

/** The fair-exposure rules' parameters with a request's overrides (bundle values, else the defaults). */
function exposureOverrides(
  cfg: RulesConfig,
  o: NonNullable<RecommendRequest['rules']>,
): Partial<RulesConfig> {
  const cap = cfg.providerCap ?? DEFAULT_PROVIDER_CAP;
  const tail = cfg.longTail ?? DEFAULT_LONG_TAIL;
  return {
    providerCap: { maxPerProvider: o.maxPerProvider ?? cap.maxPerProvider },
    longTail: {
      minItems: o.longTailMin ?? tail.minItems,
      headPercent: o.longTailHeadPercent ?? tail.headPercent,
      margin: o.longTailMargin ?? tail.margin,
    },
  };
}

/**
 * The chain for one request. Most requests neither filter nor override, and they share the
 * bundle's chain (`shared`, built once per bundle) instead of allocating one each.
 */
export function requestChain(
  cfg: RulesConfig,
  o: RecommendRequest['rules'],
  filters: RequestFilters,
  shared: () => Rule[],
): Rule[] {
  return hasFilters(filters) || hasOverrides(o) ? createChain(withOverrides(cfg, o), filters) : shared();
}

/** A chain cut where the ranker runs, with what its rules read and where they report. */
export interface RulePlan {
  /** Per-item filters, run on retrieval's candidates before the ranker. */
  filters: Rule[];
  /** Everything else, run on the ranked list. */
  rest: Rule[];
  ctx: RuleContext;
  trace?: ChainTrace;
}

export function planRules(chain: readonly Rule[], ctx: RuleContext, trace?: ChainTrace): RulePlan {
  return { ...splitLeadingFilters(chain), ctx, trace };
}

/** Positions in `found` the leading filters keep: the ranker scores only what can be shown. */
export function prefilter(plan: RulePlan, found: SearchResult): number[] {
  return keptByFilters(plan.filters, found.items, plan.ctx, plan.trace);
}

/**
 * The rest of the chain over the ranked list, cut to the k asked for (or to `size`, longer, for
 * a paged list: the rules still shape pages of k, the later pages come from the same run).
 */
export function finishRules(plan: RulePlan, ranked: readonly Candidate[], size = plan.ctx.k): Candidate[] {
  return applyChain(plan.rest, ranked, plan.ctx, plan.trace).slice(0, size);
}
