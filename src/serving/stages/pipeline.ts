import type { LoadedBundle } from '../../bundle/read.ts';
import { lookup } from '../../data/vocab.ts';
import type { Recommendation, RecommendRequest, StageTimings } from '../engine.ts';
import { type PinBoard, placePins, requestPins } from '../pins.ts';
import type { RecommenderOptions } from '../recommender-options.ts';
import { hasFilters } from '../rules/request-filters.ts';
import type { Rule } from '../rules/rule.ts';
import type { SourceSet } from '../sources/set.ts';
import type { UserState } from '../user-state.ts';
import { embedQuery } from './candidates.ts';
import { newTrace, present } from './explain.ts';
import { assembleFeatures } from './features.ts';
import { blendBeta, blendOrder, scoreCandidates } from './ranking.ts';
import { bundleRules, finishRules, planRules, prefilter, requestChain, resolveFilters } from './rules.ts';

/** What outlives a request that the stages read: the bundle's sources, its shared chain, the pins. */
export interface StageDeps {
  sources: SourceSet;
  /** The bundle's own chain (built once per bundle), for requests that neither filter nor override. */
  chain: () => Rule[];
  pins: PinBoard;
  opts: RecommenderOptions;
}

/** Why an excluded candidate left, in `explain`'s removed list. */
const EXCLUDED = { rule: 'exclude', reason: 'excluded by the request (already on screen)' };

/**
 * The synchronous part of a request, each stage timed: ψ(x) -> candidate sources, merged ->
 * the leading filters (and the request's `exclude`, so the ranker never scores an item the
 * page may not show and the list still fills to k) -> features -> ranking -> the other rules
 * -> pins -> the list (k items, or `listSize` for a paged list).
 */
export function runStages(
  d: StageDeps,
  b: LoadedBundle,
  state: UserState,
  req: RecommendRequest,
): Recommendation & { timings: StageTimings } {
  const now = req.now ?? Date.now();
  const t1 = performance.now();
  const query = embedQuery(b.spec, b.retrieval, state, req, now);
  const t2 = performance.now();

  const filters = resolveFilters(b.spec.topics, req.filters);
  const input = { bundle: b, state, userId: req.userId, psi: query.psi, now };
  const found = d.sources.forRequest(input, req, d.opts, hasFilters(filters));
  const t3 = performance.now();

  const rulesCfg = bundleRules(b.manifest.config, d.opts.rules);
  const chain = requestChain(rulesCfg, req.rules, filters, d.chain);
  const dim = b.manifest.dims.dim;
  const ruleCtx = { user: state, items: b.itemTable, vectors: b.itemVectors, dim, now, k: req.k };
  const plan = planRules(chain, ruleCtx, newTrace(req.explain));
  const excluded = excludedItems(b, req.exclude);
  const kept = prefilter(plan, found).filter((i) => {
    if (!excluded.has(found.items[i])) return true;
    plan.trace?.removed.push({ item: found.items[i], ...EXCLUDED });
    return false;
  });
  // A bundle without a ranker serves in retrieval order (β = 0): no ranker features to build.
  const watchTime = b.rankerScorer
    ? scoreCandidates(b.rankerScorer, assembleFeatures(b, query, found, kept, now))
    : undefined;
  const ranked = blendOrder(found, kept, watchTime, blendBeta(b.manifest.config));
  const t4 = performance.now();

  const pins = requestPins(d.pins, b.spec.items, req.pinned, now).filter((p) => !excluded.has(p.item));
  const size = Math.max(req.k, req.listSize ?? req.k);
  const final = placePins(finishRules(plan, ranked, size), pins, size, state.disliked);
  const t5 = performance.now();
  const timings = {
    ...{ state: 0, query: t2 - t1, candidates: t3 - t2, ranking: t4 - t3, rules: t5 - t4 },
    ...{ total: t5 - t1, sources: found.timings },
  };
  return {
    userId: req.userId,
    modelVersion: b.manifest.version,
    ...present(b.spec.items.ids, final, plan.trace),
    timings,
  };
}

/** The request's excluded ids as item indices (ids the bundle does not know cannot be candidates). */
function excludedItems(b: LoadedBundle, ids: readonly string[] | undefined): Set<number> {
  const out = new Set<number>();
  for (const id of ids ?? []) {
    const item = lookup(b.spec.items, id);
    if (item !== 0) out.add(item);
  }
  return out;
}
