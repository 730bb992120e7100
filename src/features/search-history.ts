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
  const byUser = new Map<string, SearchEvent[]>();
  for (const s of searches) {
    const list = byUser.get(s.userId) ?? [];
    list.push(s);
    byUser.set(s.userId, list);
  }
  const out = new Map<string, SearchHistory>();
  for (const [userId, list] of byUser) {
    const h = userSearchHistory(list, buckets);
    if (h) out.set(userId, h);
  }
  return out;
}

/**
 * One user's searches (any order), tokenised and hashed, in time order (stable); undefined when
 * none has a token. Training and serving both build a history here, so their bags agree.
 */
export function userSearchHistory(
  searches: readonly Pick<SearchEvent, 'query' | 'timestamp'>[],
  buckets: number,
): SearchHistory | undefined {
  const list = searches.map((s, i) => ({ t: s.timestamp, b: searchBuckets(s.query, buckets), i }));
  list.sort((a, b) => a.t - b.t || a.i - b.i);
  const n = list.reduce((k, q) => k + q.b.length, 0);
  if (n === 0) return undefined;
  const h = { tokens: new Int32Array(n), times: new Float64Array(n) };
  let k = 0;
  for (const q of list)
    for (const b of q.b) {
      h.tokens[k] = b;
      h.times[k++] = q.t;
    }
  return h;
}

/**
 * What a bag written at `asOf` or later can read of the history: the latest `length` tokens
 * typed before `asOf`, and every token typed since (a later request may read those too).
 */
export function latestTokens(history: SearchHistory, length: number, asOf: number): SearchHistory {
  const from = Math.max(0, countBefore(history, asOf) - length);
  return { tokens: history.tokens.slice(from), times: history.times.slice(from) };
}

/** The number of tokens typed strictly before `time` (binary search over the time order). */
function countBefore(history: SearchHistory, time: number): number {
  let lo = 0;
  let hi = history.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (history.times[mid] < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The searches (time order, stable) whose tokens include the user's latest `length`: what a
 * snapshot must keep so a bag written after them reads the same tokens as one from them all.
 */
export function latestSearches<S extends Pick<SearchEvent, 'query' | 'timestamp'>>(
  searches: readonly S[],
  buckets: number,
  length: number,
): S[] {
  const sorted = searches
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.timestamp - b.s.timestamp || a.i - b.i);
  const out: S[] = [];
  let tokens = 0;
  for (let k = sorted.length - 1; k >= 0 && tokens < length; k--) {
    const n = searchBuckets(sorted[k].s.query, buckets).length;
    if (n === 0) continue;
    out.push(sorted[k].s);
    tokens += n;
  }
  return out.reverse();
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
  const lo = countBefore(history, before);
  const n = Math.min(length, lo);
  for (let k = 0; k < n; k++) {
    ids[offset + length - n + k] = history.tokens[lo - n + k];
    weights[offset + length - n + k] = 1 / n;
  }
}
