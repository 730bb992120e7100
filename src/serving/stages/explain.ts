import type { ItemExplanation, Recommendation, RecommendedItem } from '../engine.ts';
import type { ChainTrace } from '../rules/chain.ts';
import type { Candidate } from '../rules/rule.ts';

/** A trace to record into when the request asked for explanations; none costs nothing. */
export function newTrace(explain: boolean | undefined): ChainTrace | undefined {
  return explain ? { steps: new Map(), removed: [] } : undefined;
}

/** What each stage did to one returned candidate. */
function explainItem(c: Candidate, trace: ChainTrace): ItemExplanation {
  return {
    retrievalScore: c.retrievalScore,
    retrievalRank: c.retrievalRank + 1,
    ...(c.rankerScore !== undefined ? { rankerScore: c.rankerScore } : {}),
    ...(c.sources ? { sources: c.sources.map((o) => ({ source: o.source, rank: o.rank + 1 })) } : {}),
    rules: trace.steps.get(c.item) ?? [],
  };
}

/**
 * The answer's items and, with a trace, the explanation of each and the candidates the rules
 * removed. `ids` maps item indices back to the catalogue's ids.
 */
export function present(
  ids: readonly string[],
  final: readonly Candidate[],
  trace: ChainTrace | undefined,
): Pick<Recommendation, 'items' | 'removed'> {
  const items: RecommendedItem[] = final.map((c, i) => ({
    itemId: ids[c.item],
    score: c.score,
    rank: i + 1,
    ...(trace ? { explain: explainItem(c, trace) } : {}),
  }));
  if (!trace) return { items };
  return {
    items,
    removed: trace.removed.map((r) => ({ itemId: ids[r.item], rule: r.rule, reason: r.reason })),
  };
}
