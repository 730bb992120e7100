import type { LoadedBundle } from '../../bundle/read.ts';
import {
  bundleSources,
  SOURCE_NAMES,
  type SourceName,
  type SourceQuotas,
  type SourcesConfig,
  withQuotas,
} from '../../bundle/sources-config.ts';
import { annSource } from '../../candidates/ann.ts';
import { freshSource, PublishOrder } from '../../candidates/fresh.ts';
import { type MergedCandidates, mergeSources } from '../../candidates/merge.ts';
import { neighboursSource } from '../../candidates/neighbours.ts';
import { relatedSource } from '../../candidates/related.ts';
import type { CandidateSource, SourceInput, SourceList } from '../../candidates/source.ts';
import { TrendingCounts, trendingHalfLife, trendingSource } from '../../candidates/trending.ts';
import { UserIndex } from '../../candidates/user-index.ts';
import type { RecoEvent } from '../../data/types.ts';
import { lookup } from '../../data/vocab.ts';
import type { RecommendRequest } from '../engine.ts';
import type { RecommenderOptions } from '../recommender-options.ts';
import { NeighbourCache } from '../similar.ts';
import { type DepthOptions, searchDepth, seedUserIndex } from '../stages/candidates.ts';

/** Candidates of one request, merged, with how long each source took (ms). */
export interface GeneratedCandidates extends MergedCandidates {
  timings: Partial<Record<SourceName, number>>;
}

/**
 * The candidate sources of one served bundle, with the state they keep between requests (the
 * trending counts, the user index, the publish order, the neighbour cache). Built when a
 * bundle is installed and dropped with it.
 */
export class SourceSet {
  readonly users: UserIndex;
  readonly trending: TrendingCounts;
  private readonly sources: Record<SourceName, CandidateSource>;

  /**
   * The sources of a bundle being installed: the neighbour cache of its most popular items,
   * the trending counts seeded from its last week, the user index seeded with its users.
   */
  static install(
    bundle: LoadedBundle,
    opts: Pick<RecommenderOptions, 'similarCacheItems' | 'userIndexSize'>,
    now: number,
  ): SourceSet {
    const related = new NeighbourCache(bundle, opts.similarCacheItems);
    const set = new SourceSet(
      bundle,
      bundleSources(bundle.manifest.config),
      related,
      opts.userIndexSize,
      now,
    );
    seedUserIndex(bundle, set.users, now);
    return set;
  }

  constructor(
    readonly bundle: LoadedBundle,
    readonly config: SourcesConfig,
    /** Nearest items of items (the related source, GET /items/:id/similar). */
    readonly related: NeighbourCache,
    userCapacity: number,
    now: number,
  ) {
    this.users = new UserIndex(bundle.manifest.dims.dim, userCapacity);
    this.trending = new TrendingCounts(
      bundle.itemTable.recentWatches,
      now,
      trendingHalfLife(config.trendingHalfLifeHours),
    );
    this.sources = {
      ann: annSource,
      related: relatedSource((item, want) => related.neighbours(bundle, item, want), config.relatedSeeds),
      neighbours: neighboursSource(this.users, config.neighbourUsers),
      fresh: freshSource(new PublishOrder(), config.freshDays),
      trending: trendingSource(this.trending),
    };
  }

  /** Watches move the trending counts at once (events of items the bundle does not know are ignored). */
  observe(events: readonly RecoEvent[]): void {
    for (const e of events)
      if (e.type === 'watch') this.trending.add(lookup(this.bundle.spec.items, e.itemId), e.timestamp);
  }

  /**
   * A request's merged candidates under its quotas (requestQuotas); the user's ψ(x) then joins
   * the user index when they have watches. Ids starting with a control character are internal
   * (the warm-up request; API ids cannot hold one) and are not remembered.
   */
  forRequest(
    input: SourceInput,
    req: Pick<RecommendRequest, 'k' | 'sources' | 'exclude'>,
    depth: DepthOptions,
    filtered: boolean,
  ): GeneratedCandidates {
    const found = this.generate(input, requestQuotas(this.config.quotas, req, depth, input.state, filtered));
    if (input.state.watched.length > 0 && input.userId.charCodeAt(0) >= 0x20)
      this.users.upsert(input.userId, input.psi, input.state.watched);
    return found;
  }

  /** Every source with a quota, in SOURCE_NAMES order, merged by ψ(x)·v. */
  generate(input: SourceInput, quotas: SourceQuotas): GeneratedCandidates {
    const lists: SourceList[] = [];
    const timings: Partial<Record<SourceName, number>> = {};
    for (const name of SOURCE_NAMES) {
      if (quotas[name] <= 0) continue;
      const t0 = performance.now();
      lists.push(this.sources[name].generate(input, quotas[name]));
      timings[name] = performance.now() - t0;
    }
    return { ...mergeSources(lists, input.psi, input.bundle.itemVectors), timings };
  }
}

/**
 * A request's quotas: the bundle's with the request's on top. `ann`'s quota caps its depth,
 * which otherwise follows k (searchDepth) as before there were other sources.
 */
export function requestQuotas(
  base: SourceQuotas,
  req: Pick<RecommendRequest, 'k' | 'sources' | 'exclude'>,
  depth: DepthOptions,
  state: Pick<SourceInput['state'], 'watchedAt' | 'disliked'>,
  filtered: boolean,
): SourceQuotas {
  const q = withQuotas(base, req.sources);
  const cap = Math.min(depth.candidates, q.ann);
  // Excluded items are dropped before ranking, like watched ones: searched for on top.
  const ann = searchDepth({ ...depth, candidates: cap }, req.k, state, filtered) + (req.exclude?.length ?? 0);
  return { ...q, ann: cap === 0 ? 0 : ann };
}
