import type { ItemTable } from '../features/item-table.ts';
import type { SourceName } from '../features/source-features.ts';
import type { CandidateIndex } from '../index/candidate-index.ts';

/**
 * The catalogue side a source reads: the index over the item embeddings V, V itself
 * ([items * dim] row-major) and the item table. A served bundle is one; training builds one
 * over its own V, so the ranker learns on the candidate sets these same sources produce.
 */
export interface SourceCatalogue {
  index: CandidateIndex;
  itemVectors: Float32Array;
  itemTable: ItemTable;
}

/** What a source reads of the user: watches (oldest first) with their times, and dislikes. */
export interface SourceUser {
  watched: readonly number[];
  watchedAt: ReadonlyMap<number, number>;
  disliked: ReadonlySet<number>;
}

/** What every candidate source reads: the catalogue, the user, ψ(x) of this request, the time. */
export interface SourceInput {
  bundle: SourceCatalogue;
  state: SourceUser;
  userId: string;
  /** ψ(x), [dim]. */
  psi: Float32Array;
  now: number;
  /**
   * ψ(x)·v of every item ([items], the OOV row first), when the caller has computed them in one
   * product (training's replay, a chunk of moments at a time): sources that score by ψ(x)·v read
   * them instead of computing inner products. Serving leaves it out.
   */
  scores?: Float32Array;
}

/** One source's answer: item indices, best first by the source's own order. */
export interface SourceList {
  source: SourceName;
  items: number[];
  /** ψ(x)·v of each item when the source computed it (ann): merging then need not. */
  scores?: number[];
}

/** A named candidate generator; `quota` is how many items it may add (0 = skipped). */
export interface CandidateSource {
  readonly name: SourceName;
  generate(input: SourceInput, quota: number): SourceList;
}

/** Items a source must not spend its quota on: what the user watched or disliked. */
export const seenOrDisliked = (state: SourceInput['state'], item: number): boolean =>
  item === 0 || state.watchedAt.has(item) || state.disliked.has(item);

/** ψ(x)·v of item `item`. */
export function innerProduct(psi: Float32Array, vectors: Float32Array, item: number): number {
  const dim = psi.length;
  const o = item * dim;
  let s = 0;
  for (let d = 0; d < dim; d++) s += psi[d] * vectors[o + d];
  return s;
}

/**
 * The best `quota` items by `score` among `pool`, skipping the user's seen and disliked items,
 * ties by item index: one pass keeping the `quota` best so far, sorted (pools are a few hundred
 * to a few thousand items, quotas tens; most items lose to the worst kept at one comparison,
 * where sorting the whole pool cost training's replay, which asks once per moment, a sixth of
 * its time).
 */
export function bestOf(
  pool: Iterable<number>,
  score: (item: number) => number,
  quota: number,
  state: SourceInput['state'],
): number[] {
  if (quota <= 0) return [];
  const items: number[] = [];
  const values: number[] = [];
  for (const item of pool) {
    if (seenOrDisliked(state, item)) continue;
    const s = score(item);
    const n = items.length;
    if (n === quota) {
      const ws = values[n - 1];
      if (s < ws || (s === ws && item > items[n - 1])) continue;
    }
    // Insert in order (best first, ties by lower item), dropping the worst when full.
    let i = n < quota ? n : n - 1;
    while (i > 0 && (values[i - 1] < s || (values[i - 1] === s && items[i - 1] > item))) {
      items[i] = items[i - 1];
      values[i] = values[i - 1];
      i--;
    }
    items[i] = item;
    values[i] = s;
  }
  return items;
}
