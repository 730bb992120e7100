import { conditionsOf } from '../data/context.ts';
import type { Timeline } from '../data/interactions.ts';
import { type Moments, type TTest, welchTTest } from './t-test.ts';

/**
 * Pre-filtering by item splitting (Baltrunas & Ricci 2009): an item whose reception differs in
 * one contextual condition (device=tv, daypart=morning) is split into two virtual items, one
 * for the situations in that condition and one for the rest, and a context-free model is then
 * trained on the split data; at serving, each item stands for the virtual item of the request's
 * situation. The split of an item is the condition where Welch's |t| between the two groups is
 * largest, among those that are significant (p < alpha) with at least `minCount` observations
 * on each side; an item with none stays whole.
 */
export interface SplittingConfig {
  alpha: number;
  minCount: number;
}

const DEFAULT_SPLITTING: SplittingConfig = { alpha: 0.05, minCount: 10 };

/** One observation of an item in a situation: watched or not, or how much of it was watched. */
export interface SplitObservation {
  item: number;
  conditions: readonly string[];
  value: number;
}

export interface ItemSplit extends TTest {
  item: number;
  condition: string;
  /** Index of the virtual item for situations in the condition (the original index keeps the rest). */
  virtual: number;
}

export interface ItemSplitting {
  /** The split items, by original index. */
  splits: Map<number, ItemSplit>;
  /** Catalogue size after splitting: the original items, then one virtual item per split. */
  numItems: number;
}

const add = (m: Moments, v: number) => {
  m.n++;
  m.sum += v;
  m.sumSq += v * v;
};

/** The significant split with the largest |t| of each item, virtual items numbered from `numItems`. */
export function chooseSplits(
  observations: readonly SplitObservation[],
  numItems: number,
  cfg: SplittingConfig = DEFAULT_SPLITTING,
): ItemSplitting {
  const all = new Map<number, Moments>();
  const inCond = new Map<number, Map<string, Moments>>();
  for (const o of observations) {
    if (!all.has(o.item)) all.set(o.item, { n: 0, sum: 0, sumSq: 0 });
    add(all.get(o.item)!, o.value);
    if (!inCond.has(o.item)) inCond.set(o.item, new Map());
    const byCond = inCond.get(o.item)!;
    for (const c of o.conditions) {
      if (!byCond.has(c)) byCond.set(c, { n: 0, sum: 0, sumSq: 0 });
      add(byCond.get(c)!, o.value);
    }
  }
  const splits = new Map<number, ItemSplit>();
  const items = [...inCond.keys()].sort((a, b) => a - b);
  for (const item of items) {
    const total = all.get(item)!;
    let best: (TTest & { condition: string }) | undefined;
    for (const [condition, m] of [...inCond.get(item)!].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const rest = { n: total.n - m.n, sum: total.sum - m.sum, sumSq: total.sumSq - m.sumSq };
      if (m.n < cfg.minCount || rest.n < cfg.minCount) continue;
      const r = welchTTest(m, rest);
      if (r.p < cfg.alpha && (!best || Math.abs(r.t) > Math.abs(best.t))) best = { ...r, condition };
    }
    if (best) splits.set(item, { ...best, item, virtual: numItems + splits.size });
  }
  return { splits, numItems: numItems + splits.size };
}

/** The item an original item stands for in a situation with these conditions. */
export function virtualItem(s: ItemSplitting, item: number, conditions: readonly string[]): number {
  const split = s.splits.get(item);
  return split && conditions.includes(split.condition) ? split.virtual : item;
}

/**
 * Observations from timelines: with impressions, each is 1 when it led to a watch, else 0 (the
 * watch rate); without any (MovieLens), each watch's share of the item watched (`durationOf`).
 */
export function splitObservations(
  timelines: Iterable<Timeline>,
  durationOf: (item: number) => number,
): SplitObservation[] {
  const tls = [...timelines];
  const withImpressions = tls.some((tl) => tl.impressions.length > 0);
  return tls.flatMap((tl) =>
    withImpressions
      ? tl.impressions.map((i) => ({ item: i.item, conditions: conditionsOf(i), value: i.watched ? 1 : 0 }))
      : tl.watches.map((w) => ({
          item: w.item,
          conditions: conditionsOf(w),
          value: Math.min(1, (w.watchTimeSec ?? 0) / Math.max(1e-9, durationOf(w.item))),
        })),
  );
}

/** A timeline with every watch and impression mapped to the virtual item of its own situation. */
export function splitTimeline(s: ItemSplitting, tl: Timeline): Timeline {
  return {
    ...tl,
    watches: tl.watches.map((w) => ({ ...w, item: virtualItem(s, w.item, conditionsOf(w)) })),
    impressions: tl.impressions.map((i) => ({ ...i, item: virtualItem(s, i.item, conditionsOf(i)) })),
  };
}
