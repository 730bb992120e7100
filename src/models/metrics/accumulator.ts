import { rankOf, topK } from '../top-k.ts';
import {
  DEFAULT_HEAD_PERCENT,
  type ExposureMetrics,
  exposureMetrics,
  headItems,
  type ItemProviders,
} from './exposure.ts';
import { summarizeRanks } from './metrics.ts';

/** Metrics of one model over held-out items, full catalogue, training items excluded. */
export interface RetrievalMetrics {
  recall: Record<number, number>;
  ndcg10: number;
  mrr: number;
  /** Distinct items in anyone's top 10 / catalogue size. */
  coverage10: number;
  /** Mean popularity percentile of top-10 items (0 = most popular item, 1 = least). */
  popularityPercentile: number;
  /** Share of top-10 items from topics outside the user's planted topics (demo world only). */
  offTopicShare?: number;
  /**
   * Watch time (s) the top 10 earns: per test user the held-out watch's watch time when it is in
   * the top 10, else 0, averaged (only where held-out watch times are known).
   */
  watchTime10?: number;
  /** How the top-10 slots spread over items and providers, and the long tail's share of them. */
  exposure10?: ExposureMetrics;
  users: number;
}

/**
 * Collects, per test user, the held-out item's rank and the top-10 list, from one row of
 * scores over the whole catalogue (index 0, the OOV bucket, never counts).
 */
export class RetrievalAccumulator {
  private readonly ranks: number[] = [];
  private readonly covered = new Set<number>();
  private popSum = 0;
  private popN = 0;
  private offTopic = 0;
  private offTopicN = 0;
  private watchTime = 0;
  private watchTimeN = 0;
  private readonly numItems: number;
  private readonly popularityPct: Float64Array;
  /** Top-10 slots per item, for the exposure figures. */
  private readonly slots: Float64Array;
  private readonly head: Uint8Array;
  private readonly providers?: ItemProviders;

  /**
   * @param popularity training watch counts per item index.
   * @param providers each item's provider, for the provider Gini.
   */
  constructor(numItems: number, popularity: Float64Array, providers?: ItemProviders) {
    this.numItems = numItems;
    this.slots = new Float64Array(numItems);
    this.head = headItems(popularity, DEFAULT_HEAD_PERCENT);
    this.providers = providers;
    const order = Array.from({ length: numItems - 1 }, (_, i) => i + 1).sort(
      (a, b) => popularity[b] - popularity[a],
    );
    this.popularityPct = new Float64Array(numItems);
    order.forEach((item, r) => {
      this.popularityPct[item] = r / Math.max(1, order.length - 1);
    });
  }

  /**
   * @param plantedTopic when given, says whether an item's topic is one of the user's planted ones.
   */
  add(
    scores: Float32Array,
    offset: number,
    target: number,
    exclude: ReadonlySet<number>,
    plantedTopic?: (item: number) => boolean,
    targetWatchTimeSec?: number,
    /** Ranks from here on are misses (a list of that length says nothing beyond its end). */
    missFrom = Number.POSITIVE_INFINITY,
  ): void {
    const r = rankOf(scores, target, { offset, length: this.numItems, from: 1, exclude });
    const rank = r >= missFrom ? Number.POSITIVE_INFINITY : r;
    this.ranks.push(rank);
    if (targetWatchTimeSec !== undefined) {
      this.watchTimeN++;
      if (rank < 10) this.watchTime += targetWatchTimeSec;
    }
    // Top 10 among allowed items: mask excluded ones on a copy of the row.
    const row = scores.slice(offset, offset + this.numItems);
    row[0] = Number.NEGATIVE_INFINITY;
    for (const e of exclude) row[e] = Number.NEGATIVE_INFINITY;
    for (const item of topK(row, 10)) {
      this.covered.add(item);
      this.slots[item]++;
      this.popSum += this.popularityPct[item];
      this.popN++;
      if (plantedTopic) {
        this.offTopicN++;
        if (!plantedTopic(item)) this.offTopic++;
      }
    }
  }

  result(): RetrievalMetrics {
    const s = summarizeRanks(this.ranks);
    return {
      recall: s.recall,
      ndcg10: s.ndcg10,
      mrr: s.mrr,
      coverage10: this.covered.size / Math.max(1, this.numItems - 1),
      popularityPercentile: this.popN ? this.popSum / this.popN : 0,
      ...(this.offTopicN ? { offTopicShare: this.offTopic / this.offTopicN } : {}),
      ...(this.watchTimeN ? { watchTime10: this.watchTime / this.watchTimeN } : {}),
      exposure10: exposureMetrics(this.slots, this.head, this.providers),
      users: s.users,
    };
  }
}
