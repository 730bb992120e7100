import type { Item, User } from '../data/types.ts';

/** `items.json`: the catalogue as serving needs it, with training popularity. */
export interface BundleItems {
  items: Item[];
  /** Watches per item in the training data, aligned with `items`. */
  watches: number[];
  /** Watches per item in the last week of the training data (the ranker's trend feature). */
  recentWatches: number[];
}

/**
 * One user in `users.json`: demographics plus the state learnt from the training data, so
 * serving knows each known user's history without the raw events.
 */
export interface BundleUser extends User {
  /** Every watched item with its time (epoch ms), oldest first. */
  watched: [string, number][];
  disliked: string[];
  /**
   * The searches (query, time epoch ms), oldest first, that hold the user's latest search tokens
   * the query tower reads, so a user known only from the training data is served with them.
   * Absent: none, or a bundle without the search input (or from before searches).
   */
  searches?: [string, number][];
}
