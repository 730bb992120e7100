import type { UserState } from './user-state.ts';

/*
 * What a cached user state costs in memory, estimated from V8's layouts (64-bit, pointer
 * compression off): enough to bound the cache in bytes, not an exact count. A heavy user's
 * state is dominated by its watch map; the constant part by the objects themselves.
 */
/** The state object, its arrays, map and set headers, and the cache entry holding them. */
const FIXED = 400;
/** One watched item: its slot in `watched` and a Map entry (key, value, hash chain). */
const PER_WATCH = 8 + 40;
/** One disliked item: a Set entry. */
const PER_DISLIKE = 32;
/** One search token: its Int32Array slot and its Float64Array time. */
const PER_TOKEN = 12;

/** Estimated bytes one cached state holds. */
export function stateBytes(s: UserState): number {
  const tokens = s.searches?.tokens.length ?? 0;
  return FIXED + s.watched.length * PER_WATCH + s.disliked.size * PER_DISLIKE + tokens * PER_TOKEN;
}
