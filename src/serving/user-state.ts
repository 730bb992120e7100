import type { BundleUser } from '../bundle/contents.ts';
import type { Context, RecoEvent, SearchEvent, User } from '../data/types.ts';
import { lookup, type Vocab } from '../data/vocab.ts';
import { latestTokens, type SearchHistory, userSearchHistory } from '../features/search-history.ts';

/**
 * What serving knows of one user: the bundle's snapshot of the training data merged with the
 * events stored since (or before: merging is idempotent, so overlap does no harm).
 */
export interface UserState {
  profile?: Pick<User, 'age' | 'country' | 'device'>;
  /** Watched item indices, oldest first, each once. Unknown items are not kept. */
  watched: number[];
  /** Item index -> time of its latest watch (epoch ms). */
  watchedAt: Map<number, number>;
  disliked: Set<number>;
  /** Context of the user's latest event, the default for a request that gives none. */
  lastContext?: Context;
  /**
   * The user's latest search tokens (hashed with the bundle's bucket count) with their times,
   * as many as the query tower reads; absent when the bundle has no search input or none typed.
   */
  searches?: SearchHistory;
}

/** The bundle's search input and the user's stored searches (any order). */
export interface StateSearches {
  buckets: number;
  length: number;
  /** When the state is built (epoch ms): the tokens kept are those a request from then on reads. */
  asOf: number;
  events: readonly Pick<SearchEvent, 'query' | 'timestamp'>[];
}

/**
 * Builds a user's state from the bundle snapshot and the user's stored events (oldest first);
 * with `searches`, also their latest search tokens.
 */
export function buildUserState(
  items: Vocab,
  snapshot: BundleUser | undefined,
  events: readonly RecoEvent[],
  searches?: StateSearches,
): UserState {
  const timed: [number, number][] = [];
  const disliked = new Set<number>();
  for (const [id, t] of snapshot?.watched ?? []) timed.push([lookup(items, id), t]);
  for (const id of snapshot?.disliked ?? []) disliked.add(lookup(items, id));
  let lastContext: Context | undefined;
  for (const e of events) {
    const i = lookup(items, e.itemId);
    if (e.context) lastContext = e.context;
    if (e.type === 'watch') {
      timed.push([i, e.timestamp]);
      disliked.delete(i);
    } else if (e.type === 'dislike') {
      disliked.add(i);
    }
  }
  timed.sort((a, b) => a[1] - b[1]);
  const watchedAt = new Map<number, number>();
  const watched: number[] = [];
  for (const [i, t] of timed) {
    if (i === 0) continue;
    if (!watchedAt.has(i)) watched.push(i);
    watchedAt.set(i, t);
  }
  disliked.delete(0);
  const profile = snapshot
    ? { age: snapshot.age, country: snapshot.country, device: snapshot.device }
    : undefined;
  const typed = searches && recentSearches(snapshot, searches);
  return { profile, watched, watchedAt, disliked, lastContext, ...(typed ? { searches: typed } : {}) };
}

/**
 * The snapshot's searches merged with the stored ones, tokenised as training does, cut to the
 * latest tokens the tower reads. A search in both (training read the store) counts once: one
 * user typing the same query twice in the same millisecond is a duplicate delivery, not a habit.
 */
function recentSearches(
  snapshot: BundleUser | undefined,
  searches: StateSearches,
): SearchHistory | undefined {
  if (searches.buckets <= 0 || searches.length <= 0) return undefined;
  const seen = new Set<string>();
  const all: { query: string; timestamp: number }[] = [];
  const add = (query: string, timestamp: number) => {
    const key = `${timestamp}\u0000${query}`;
    if (seen.has(key)) return;
    seen.add(key);
    all.push({ query, timestamp });
  };
  for (const [query, t] of snapshot?.searches ?? []) add(query, t);
  for (const s of searches.events) add(s.query, s.timestamp);
  const h = userSearchHistory(all, searches.buckets);
  return h && latestTokens(h, searches.length, searches.asOf);
}
