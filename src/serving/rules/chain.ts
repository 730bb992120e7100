import {
  DEFAULT_CONTEXT_SHARE,
  DEFAULT_LONG_TAIL,
  DEFAULT_PROVIDER_CAP,
  type RulesConfig,
} from '../../bundle/rules-config.ts';
import { contextShare } from './context-share.ts';
import { demoteNearDisliked, removeDisliked } from './dislike.ts';
import { mmr, topicCap } from './diversity.ts';
import { freshness } from './freshness.ts';
import { removeHidden } from './hidden.ts';
import { longTailFloor } from './long-tail.ts';
import { providerCap } from './provider-cap.ts';
import { hasFilters, type RequestFilters, requestFilter } from './request-filters.ts';
import type { Candidate, Rule, RuleContext } from './rule.ts';
import { removeWatched } from './seen.ts';

export { DEFAULT_RULES, type RulesConfig } from '../../bundle/rules-config.ts';

/**
 * The chain, in order: filters, then score adjustments, then list shaping; the provider cap
 * last, so that no rule after it can break it (the long-tail floor is the softer promise).
 */
export function createChain(cfg: RulesConfig, filters: RequestFilters = {}): Rule[] {
  return [
    removeHidden,
    ...(hasFilters(filters) ? [requestFilter(filters)] : []),
    removeDisliked,
    removeWatched(cfg.seen),
    demoteNearDisliked(cfg.dislike),
    freshness(cfg.freshness),
    contextShare(cfg.contextShare ?? DEFAULT_CONTEXT_SHARE),
    mmr(cfg.diversity),
    topicCap(cfg.diversity),
    longTailFloor(cfg.longTail ?? DEFAULT_LONG_TAIL),
    providerCap(cfg.providerCap ?? DEFAULT_PROVIDER_CAP),
  ];
}

/**
 * The chain's leading per-item filters (see Rule.keeps) and the rest. Running the filters on
 * retrieval's candidates before ranking gives the same list as running the whole chain after
 * it, and the ranker then scores only what can be shown (a heavy user's watched items were
 * often a third of the candidates).
 */
export function splitLeadingFilters(chain: readonly Rule[]): { filters: Rule[]; rest: Rule[] } {
  const n = chain.findIndex((r) => !r.keeps);
  const cut = n < 0 ? chain.length : n;
  return { filters: chain.slice(0, cut), rest: chain.slice(cut) };
}

/** Positions in `items` that pass every filter; the others go to the trace with the first filter that dropped them. */
export function keptByFilters(
  filters: readonly Rule[],
  items: readonly number[],
  ctx: RuleContext,
  trace?: ChainTrace,
): number[] {
  const kept: number[] = [];
  items.forEach((item, i) => {
    const dropper = filters.find((f) => !f.keeps?.(item, ctx));
    if (!dropper) kept.push(i);
    else trace?.removed.push({ item, rule: dropper.name, reason: dropper.why ?? dropper.name });
  });
  return kept;
}

/** What one rule did to one item, for `?explain=true`. */
export interface RuleStep {
  rule: string;
  action: 'moved' | 'boosted' | 'demoted';
  from?: number;
  to?: number;
  factor?: number;
}

export interface RemovedItem {
  item: number;
  rule: string;
  reason: string;
}

export interface ChainTrace {
  /** Steps per item index (items no rule touched have none). */
  steps: Map<number, RuleStep[]>;
  removed: RemovedItem[];
}

/**
 * Runs the chain; with `trace`, records per rule which items it removed, which it re-scored
 * and which moved within the first `k` positions (1-based positions in the trace).
 */
export function applyChain(
  chain: readonly Rule[],
  list: readonly Candidate[],
  ctx: RuleContext,
  trace?: ChainTrace,
): Candidate[] {
  let out: Candidate[] = [...list];
  for (const rule of chain) {
    const next = rule.apply(out, ctx);
    if (trace) record(rule, out, next, ctx.k, trace);
    out = next;
  }
  return out;
}

function record(rule: Rule, before: Candidate[], after: Candidate[], k: number, trace: ChainTrace): void {
  const pos = new Map(after.map((c, i) => [c.item, { i, c }]));
  before.forEach((c, i) => {
    const now = pos.get(c.item);
    if (!now) {
      trace.removed.push({ item: c.item, rule: rule.name, reason: rule.why ?? rule.name });
      return;
    }
    const steps = trace.steps.get(c.item) ?? [];
    const factor = Number((now.c.score / c.score).toFixed(4));
    // A change that rounds to ×1.0000 (an old item's freshness boost) is noise in a trace.
    if (now.c.score !== c.score && factor !== 1) {
      steps.push({ rule: rule.name, action: factor > 1 ? 'boosted' : 'demoted', factor });
    }
    if (now.i !== i && (now.i < k || i < k))
      steps.push({ rule: rule.name, action: 'moved', from: i + 1, to: now.i + 1 });
    if (steps.length) trace.steps.set(c.item, steps);
  });
}
