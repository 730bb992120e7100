import type { BundleUser } from '../bundle/contents.ts';
import type { Context, RecoEvent, User } from '../data/types.ts';
import { lookup, type Vocab } from '../data/vocab.ts';

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
}

/** Builds a user's state from the bundle snapshot and the user's stored events (oldest first). */
export function buildUserState(
  items: Vocab,
  snapshot: BundleUser | undefined,
  events: readonly RecoEvent[],
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
  return { profile, watched, watchedAt, disliked, lastContext };
}
