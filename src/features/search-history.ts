import type { Timeline } from '../data/interactions.ts';
import type { SearchEvent } from '../data/types.ts';
import { searchBuckets } from './search-tokens.ts';

/**
 * A user's searches as the query tower reads them: one stream of hashed tokens, each with the
 * time its query was typed, so an example at time t can take the latest tokens typed before t
 * (never one from its own future).
 */
export interface SearchHistory {
  tokens: Int32Array;
  times: Float64Array;
}

/** The searches (any order) of each user, tokenised and hashed, in time order (stable). */
export function searchHistories(
  searches: readonly SearchEvent[],
  buckets: number,
): Map<string, SearchHistory> {
  const byUser = new Map<string, { t: number; b: number[] }[]>();
  for (const s of searches) {
    const list = byUser.get(s.userId) ?? [];
    list.push({ t: s.timestamp, b: searchBuckets(s.query, buckets) });
    byUser.set(s.userId, list);
  }
  const out = new Map<string, SearchHistory>();
  for (const [userId, list] of byUser) {
    const sorted = list.map((q, i) => [q, i] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]);
    const n = sorted.reduce((k, [q]) => k + q.b.length, 0);
    if (n === 0) continue;
    const h = { tokens: new Int32Array(n), times: new Float64Array(n) };
    let k = 0;
    for (const [q] of sorted)
      for (const b of q.b) {
        h.tokens[k] = b;
        h.times[k++] = q.t;
      }
    out.set(userId, h);
  }
  return out;
}

/** Puts each user's search history on their timeline (users who never watched have none to carry it). */
export function attachSearches(
  timelines: ReadonlyMap<string, Timeline>,
  searches: readonly SearchEvent[],
  buckets: number,
): number {
  let users = 0;
  for (const [userId, h] of searchHistories(searches, buckets)) {
    const tl = timelines.get(userId);
    if (!tl) continue;
    tl.searches = h;
    users++;
  }
  return users;
}

/**
 * Writes the search bag of one example: the last `length` tokens typed strictly before `before`
 * into `ids[offset..offset+length)`, right-aligned, with equal weights summing to 1 (a mean);
 * none: zeros (the bag reads as the zero vector).
 */
export function writeSearchBag(
  history: SearchHistory | undefined,
  before: number,
  ids: Int32Array,
  weights: Float32Array,
  offset: number,
  length: number,
): void {
  ids.fill(0, offset, offset + length);
  weights.fill(0, offset, offset + length);
  if (!history) return;
  // Binary search: the number of tokens typed before `before`.
  let lo = 0;
  let hi = history.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (history.times[mid] < before) lo = mid + 1;
    else hi = mid;
  }
  const n = Math.min(length, lo);
  for (let k = 0; k < n; k++) {
    ids[offset + length - n + k] = history.tokens[lo - n + k];
    weights[offset + length - n + k] = 1 / n;
  }
}
