import type { SourceQuotas, SourcesConfig } from '../bundle/sources-config.ts';
import { freshSource, PublishOrder } from '../candidates/fresh.ts';
import { neighboursSource } from '../candidates/neighbours.ts';
import { relatedSource } from '../candidates/related.ts';
import { type CandidateSource, innerProduct, type SourceCatalogue } from '../candidates/source.ts';
import { TrendingCounts, trendingHalfLife, trendingSource } from '../candidates/trending.ts';
import { UserIndex } from '../candidates/user-index.ts';
import type { Timeline, Watch } from '../data/interactions.ts';
import type { ItemTable } from '../features/item-table.ts';
import type { Origin, SourceName } from '../features/source-features.ts';
import { HOUR_MS } from '../foundation/time.ts';
import type { SearchResult } from '../index/candidate-index.ts';
import { ExactIndex } from '../index/exact.ts';
import { kthLargest } from '../models/top-k.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';

/**
 * Users the replayed `neighbours` source keeps, the most recently seen (serving's index is
 * bounded too, at 20,000): its exact search ran once per training moment and took a fifth of the
 * demo world's `reco train` at 2,000 users.
 */
const SIMULATED_USERS = 500;

/**
 * The replay's closest-users index: `nearest` reads the dot products the sweep computed for the
 * current query in one product per block of moments (CandidateSets.userDots), when it has them.
 */
class ReplayedUsers extends UserIndex {
  dots: Float32Array | undefined;

  override nearest(psi: Float32Array, k: number, exclude?: string) {
    return this.dots ? this.nearestScored(psi, this.dots, k, exclude) : super.nearest(psi, k, exclude);
  }
}

/** One moment of one user, as the ranker's training examples see it. */
export interface CandidateQuery {
  userId: string;
  /** Watches before this moment, oldest first (item indices), and their times. */
  history: readonly number[];
  historyTimes: readonly number[];
  /** ψ(x) of this moment, [dim]. */
  psi: Float32Array;
  time: number;
}

/** The sources besides `ann` that a query's candidate set came from: item → origins. */
export type OtherOrigins = Map<number, Origin[]>;

/**
 * The candidate sets serving would have merged at each moment of the training data, produced by
 * the serving sources themselves (src/candidates/) over the trained V: `related` from the latest
 * watches, `fresh` by publish time, `trending` from the decayed counts of the watches before
 * that moment, `neighbours` from the users seen before it. `ann` needs no replay: its candidates
 * are the top of ψ(x)·V, which the example builder ranks anyway (annOrigins).
 *
 * Queries must come in time order: the trending counts and the user index only move forward, so
 * nothing after a moment leaks into its candidate set.
 */
export class CandidateSets {
  private readonly sources: [SourceName, CandidateSource][];
  private readonly trending: TrendingCounts;
  private readonly users: ReplayedUsers;
  private readonly neighbourCache = new Map<number, { found: SearchResult; depth: number }>();
  private next = 0;

  constructor(
    private readonly catalogue: SourceCatalogue,
    config: SourcesConfig,
    private readonly quotas: SourceQuotas,
    /** Every training watch, sorted by time. */
    private readonly watches: readonly Watch[],
    dim: number,
  ) {
    const half = trendingHalfLife(config.trendingHalfLifeHours);
    const start = watches[0]?.time ?? 0;
    this.trending = new TrendingCounts(
      new Float64Array(catalogue.itemVectors.length / dim),
      start,
      half,
      HOUR_MS,
    );
    this.users = new ReplayedUsers(dim, SIMULATED_USERS);
    const lookup = (item: number, want: number) => this.neighboursOf(item, want, dim);
    this.sources = [
      ['related', relatedSource(lookup, config.relatedSeeds)],
      ['neighbours', neighboursSource(this.users, config.neighbourUsers)],
      ['fresh', freshSource(new PublishOrder(), config.freshDays)],
      ['trending', trendingSource(this.trending)],
    ];
  }

  /**
   * ψ·u of a block of queries ([rows, dim]) against the closest-users index as it stands, in one
   * product: [rows, width]; row r goes to `at` as `userDots` for the r-th query of the block
   * (users upserted within the block are scored afresh there, so the answer does not change).
   * `nearest` over the users was the replay's largest cost, one exact scan per moment.
   */
  userDots(psis: Float32Array, rows: number): { dots: Float32Array; width: number } {
    const dim = this.users.dim;
    const unit = this.users.unitVectors();
    const width = unit.length / dim;
    if (width === 0 || rows === 0) return { dots: new Float32Array(0), width };
    const dots = readTidy(() =>
      tf.matMul(tf.tensor2d(psis, [rows, dim]), tf.tensor2d(unit, [width, dim]), false, true),
    );
    return { dots, width };
  }

  /**
   * The non-ann candidates of one moment, then the user joins the index as serving would add them.
   * `scores`: ψ(x)·v of the whole catalogue when the caller has them (the sweep's product), so
   * the fresh source need not recompute its window's inner products.
   */
  at(q: CandidateQuery, scores?: Float32Array, userDots?: Float32Array): OtherOrigins {
    this.users.dots = userDots;
    while (this.next < this.watches.length && this.watches[this.next].time < q.time) {
      const w = this.watches[this.next++];
      this.trending.add(w.item, w.time);
    }
    const watchedAt = new Map<number, number>();
    q.history.forEach((item, i) => {
      watchedAt.set(item, q.historyTimes[i] ?? 0);
    });
    const state = { watched: q.history, watchedAt, disliked: new Set<number>() };
    const input = { bundle: this.catalogue, state, userId: q.userId, psi: q.psi, now: q.time, scores };
    const out: OtherOrigins = new Map();
    for (const [name, source] of this.sources) {
      if (this.quotas[name] <= 0) continue;
      source.generate(input, this.quotas[name]).items.forEach((item, rank) => {
        const list = out.get(item);
        if (list) list.push({ source: name, rank });
        else out.set(item, [{ source: name, rank }]);
      });
    }
    if (q.history.length > 0) this.users.upsert(q.userId, q.psi, q.history);
    return out;
  }

  /**
   * An item's nearest items by inner product (cached: the same recent watches seed many queries).
   * `want` grows with the user's history (related skips watched items), by one a watch: a
   * cached list too short is searched again at twice the depth, not one deeper each time (a
   * longer answer starts with the shorter one, so either serves the same candidates).
   */
  private neighboursOf(item: number, want: number, dim: number): SearchResult {
    const cached = this.neighbourCache.get(item);
    // An answer shorter than its depth is the whole catalogue: searching deeper finds no more.
    if (cached && (cached.found.items.length >= want || cached.found.items.length < cached.depth))
      return cached.found;
    const v = this.catalogue.itemVectors.subarray(item * dim, (item + 1) * dim);
    const depth = Math.max(want, 101, 2 * (cached?.depth ?? 0));
    const found = this.catalogue.index.search(v, depth);
    this.neighbourCache.set(item, { found, depth });
    return found;
  }
}

/**
 * The lowest ψ(x)·v among the top `annQuota` of a row of scores (from column `from`; a row over
 * a sample of the catalogue takes the sample's share of the quota): ann's cut-off.
 */
export function annFloor(scores: Float32Array, annQuota: number, from: number, scale = 1): number {
  const k = Math.max(1, Math.round(annQuota * scale));
  const values = scores.slice(from);
  if (values.length === 0) return Number.POSITIVE_INFINITY;
  // The k-th largest value, by quickselect on the copy: one per training moment, so no sort.
  return kthLargest(values, Math.min(k, values.length));
}

/**
 * A training example's origins: `ann` when its full-catalogue rank is within the ann quota, and
 * whatever other sources produced it.
 */
export function exampleOrigins(rank: number, annQuota: number, others: Origin[] | undefined): Origin[] {
  const ann: Origin[] = rank < annQuota ? [{ source: 'ann', rank }] : [];
  return others ? [...ann, ...others] : ann;
}

/**
 * The retrieval-rank column of a candidate that only other sources produced, as serving computes
 * it: its position in the merged list, which is ordered by ψ(x)·v, so after ann's candidates and
 * among the other sources' ones by score. Items no source produced keep their full rank.
 */
export function mergedRanks(
  others: OtherOrigins,
  annQuota: number,
  /** The ann quota's lowest ψ(x)·v: an item scoring below it is not among ann's candidates. */
  annFloor: number,
  psi: Float32Array,
  vectors: Float32Array,
  /** ψ(x)·v of the whole catalogue, when computed already (the sweep's product). */
  scores?: Float32Array,
): Map<number, number> {
  const of = scores ? (item: number) => scores[item] : (item: number) => innerProduct(psi, vectors, item);
  const score = new Map([...others.keys()].map((item) => [item, of(item)]));
  const outside = [...others.keys()].filter((item) => (score.get(item) ?? 0) < annFloor);
  outside.sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0) || a - b);
  return new Map(outside.map((item, i) => [item, annQuota + i]));
}

/** What replaying the candidate sets needs besides the data: the sources' settings and quotas. */
export interface CandidateReplay {
  config: SourcesConfig;
  quotas: SourceQuotas;
}

/** The candidate sets of these timelines over V, searched exactly (training has V in memory). */
export function replayCandidates(
  items: ItemTable,
  vectors: Float32Array,
  dim: number,
  timelines: ReadonlyMap<string, Timeline>,
  replay: CandidateReplay,
): CandidateSets {
  const watches = [...timelines.values()].flatMap((tl) => tl.watches).sort((a, b) => a.time - b.time);
  const catalogue = { index: new ExactIndex(vectors, dim), itemVectors: vectors, itemTable: items };
  return new CandidateSets(catalogue, replay.config, replay.quotas, watches, dim);
}
