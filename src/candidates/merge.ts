import type { Origin, OriginName } from '../features/source-features.ts';
import type { SearchResult } from '../index/candidate-index.ts';
import { innerProduct, type SourceList } from './source.ts';

export type { Origin } from '../features/source-features.ts';

/** The merged candidates in ψ(x)·v order, each with every source that produced it. */
export interface MergedCandidates extends SearchResult {
  origins: Origin[][];
}

/**
 * Deduplicates the sources' lists into one candidate set ordered by ψ(x)·v, the order the ranker
 * was trained on (its retrieval-rank feature is a position in it); each candidate remembers
 * every source that named it and its rank there. ann alone comes back in its own order.
 */
export function mergeSources(
  lists: readonly SourceList[],
  psi: Float32Array,
  vectors: Float32Array,
): MergedCandidates {
  const at = new Map<number, number>();
  const items: number[] = [];
  const scores: number[] = [];
  const origins: Origin[][] = [];
  for (const list of lists) {
    list.items.forEach((item, rank) => {
      const seen = at.get(item);
      if (seen !== undefined) {
        origins[seen].push({ source: list.source, rank });
        return;
      }
      at.set(item, items.length);
      items.push(item);
      scores.push(list.scores?.[rank] ?? innerProduct(psi, vectors, item));
      origins.push([{ source: list.source, rank }]);
    });
  }
  const order = Array.from(items, (_, i) => i);
  // Stable: equal scores keep the earlier source's order (ann's own order first).
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return {
    items: order.map((i) => items[i]),
    scores: order.map((i) => scores[i]),
    origins: order.map((i) => origins[i]),
  };
}

/** Share of each source among `items` (an item from two sources counts for both). */
export function sourceShares(
  origins: readonly (readonly Origin[] | undefined)[],
): Partial<Record<OriginName, number>> {
  const out: Partial<Record<OriginName, number>> = {};
  if (origins.length === 0) return out;
  for (const list of origins)
    for (const o of list ?? []) out[o.source] = (out[o.source] ?? 0) + 1 / origins.length;
  return out;
}
