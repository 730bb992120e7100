import { HOUR_MS } from '../foundation/time.ts';
import { topK } from '../models/top-k.ts';
import { type CandidateSource, seenOrDisliked } from './source.ts';

/** The cached top list is recomputed at most this often while watches arrive (serving's default). */
const REFRESH_MS = 1000;
/** Rebase the counts before 2^exponent gets near the float range. */
const MAX_EXPONENT = 500;

/**
 * Time-decayed watch counts per item, updated as events arrive: a watch at time t adds
 * 2^((t − ref) / halfLife), so every count decays by the same factor and the order of the
 * stored values is the order of the decayed counts at any moment (no per-item clock).
 * Seeded from the bundle's watches of the last week; counts are per replica (each counts the
 * events it acknowledges).
 */
export class TrendingCounts {
  private counts: Float64Array;
  private ref: number;
  private top: number[] = [];
  private topAt = Number.NEGATIVE_INFINITY;
  private topWant = 0;
  private dirty = true;

  constructor(
    seed: ArrayLike<number>,
    now: number,
    private readonly halfLifeMs: number,
    /** Training replays weeks of watches, and refreshes the list by the hour of event time. */
    private readonly refreshMs = REFRESH_MS,
  ) {
    this.counts = Float64Array.from(seed);
    this.counts[0] = 0;
    this.ref = now;
  }

  /** One watch of `item` at `time` (an index the bundle knows; others are ignored). */
  add(item: number, time: number): void {
    if (item <= 0) return;
    if (item >= this.counts.length) {
      const grown = new Float64Array(Math.max(item + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    let e = (time - this.ref) / this.halfLifeMs;
    if (e > MAX_EXPONENT) {
      this.rebase(time);
      e = 0;
    }
    this.counts[item] += 2 ** Math.max(-MAX_EXPONENT, e);
    this.dirty = true;
  }

  /** The decayed count of `item` at `now`. */
  count(item: number, now: number): number {
    return (this.counts[item] ?? 0) * 2 ** (-(now - this.ref) / this.halfLifeMs);
  }

  /** Item indices with a count, most trending first (cached; recomputed at most once per refresh). */
  ranking(now: number, want: number): number[] {
    if ((this.dirty && now - this.topAt >= this.refreshMs) || want > this.topWant) {
      this.topWant = Math.max(want, 1000);
      // The best topWant by count (ties by index), not a sort of every counted item: training's
      // replay crosses a refresh at almost every moment of a data set spread over years.
      this.top = topK(this.counts, this.topWant, 1).filter((i) => this.counts[i] > 0);
      this.topAt = now;
      this.dirty = false;
    }
    return this.top;
  }

  private rebase(time: number): void {
    const f = 2 ** (-(time - this.ref) / this.halfLifeMs);
    for (let i = 0; i < this.counts.length; i++) this.counts[i] *= f;
    this.ref = time;
  }
}

export const trendingHalfLife = (hours: number): number => hours * HOUR_MS;

/** `trending`: the most watched items of late, by decayed counts kept current by the events. */
export function trendingSource(counts: TrendingCounts): CandidateSource {
  return {
    name: 'trending',
    generate({ state, now }, quota) {
      if (quota <= 0) return { source: 'trending', items: [] };
      const want = quota + state.watchedAt.size + state.disliked.size;
      const ranked = counts.ranking(now, want);
      // The first `quota` unseen of the top `want`, in trending order (what ordering them by rank
      // gives), without a map of the `want` positions: `want` grows with the user's history.
      const items: number[] = [];
      for (let r = 0; r < ranked.length && r < want && items.length < quota; r++)
        if (!seenOrDisliked(state, ranked[r])) items.push(ranked[r]);
      return { source: 'trending', items };
    },
  };
}
