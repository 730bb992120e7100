import type { LoadedBundle } from '../../bundle/read.ts';
import {
  SOURCE_NAMES,
  type SourceName,
  type SourceQuotas,
  type SourcesConfig,
} from '../../bundle/sources-config.ts';
import type { NeighbourCache } from '../similar.ts';
import { UserIndex } from '../user-index.ts';
import { annSource } from './ann.ts';
import { freshSource, PublishOrder } from './fresh.ts';
import { type MergedCandidates, mergeSources } from './merge.ts';
import { neighboursSource } from './neighbours.ts';
import { relatedSource } from './related.ts';
import type { CandidateSource, SourceInput, SourceList } from './source.ts';
import { TrendingCounts, trendingHalfLife, trendingSource } from './trending.ts';

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

  constructor(
    readonly bundle: LoadedBundle,
    readonly config: SourcesConfig,
    neighbours: NeighbourCache,
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
      related: relatedSource((item, want) => neighbours.neighbours(bundle, item, want), config.relatedSeeds),
      neighbours: neighboursSource(this.users, config.neighbourUsers),
      fresh: freshSource(new PublishOrder(), config.freshDays),
      trending: trendingSource(this.trending),
    };
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
