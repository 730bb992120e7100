import type { BundleUser } from '../bundle/contents.ts';
import { EVENT_TYPES, type EventType, type Item } from '../data/types.ts';
import type { EventStore, ItemFlags } from '../events/store.ts';
import type { UserState } from './user-state.ts';

/** Latest watches listed by GET /users/:userId. */
export const SUMMARY_WATCHES = 20;

/** What GET /users/:userId shows: the state served from, for support and debugging. */
export interface UserSummary {
  userId: string;
  modelVersion: string;
  /** Where the service knows the user from: the bundle's snapshot, the event store. */
  known: { bundle: boolean; store: boolean };
  /** When the user was erased (DELETE /users/:userId), epoch ms; the snapshot is ignored since. */
  erasedAt?: number;
  /** Latest watches served from, newest first, with their times. */
  watches: { itemId: string; at: number }[];
  watchedCount: number;
  dislikedCount: number;
  /** Stored events the state read, by type (searches: every stored search). */
  counts: Record<EventType | 'search', number>;
  /** Search tokens the query tower reads for the user. */
  searchTokens: number;
  /** Earliest and latest time of what the state read (snapshot and store), epoch ms. */
  firstSeen?: number;
  lastSeen?: number;
}

/**
 * What the HTTP layer needs of serving for users' data and the catalogue's flags, beside
 * recommending (engine.ts): each is called after the store made the change durable.
 */
export interface DataEngine {
  /** Drops the user's cached state (here and, through the shared versions, on every replica) and index entry. */
  forgetUser(userId: string): Promise<void>;
  /** The user's served state; undefined when neither the bundle nor the store knows them. */
  describeUser(userId: string): Promise<UserSummary | undefined>;
  /** Serves the items' flags from now on: hidden and retired items leave every answer. */
  flagItems(flags: ReadonlyMap<string, ItemFlags>): void;
  /** Re-embeds an item whose content changed; false when the served model cannot (no item tower). */
  updateItem(item: Item): boolean;
  /** Whether the served bundle knows the item, and its catalogue record when it has one. */
  servedItem(itemId: string): { known: boolean; item?: Item };
}

/** The pieces describeUser reads: the served state and bundle, and the store's records of the user. */
export interface SummaryInput {
  userId: string;
  modelVersion: string;
  itemIds: readonly string[];
  state: UserState;
  snapshot: BundleUser | undefined;
  erasedAt: number | undefined;
}

/** The summary of a user, from their state and what the store holds of them (`limit`: the state's read). */
export async function summarise(
  input: SummaryInput,
  store: Pick<EventStore, 'byUser' | 'searchesByUser'>,
  limit: number,
): Promise<UserSummary | undefined> {
  const { userId, state, snapshot, erasedAt } = input;
  const [events, searches] = await Promise.all([store.byUser(userId, limit), store.searchesByUser(userId)]);
  const fromBundle = snapshot !== undefined && erasedAt === undefined;
  if (!fromBundle && events.length === 0 && searches.length === 0) return undefined;
  const counts = Object.fromEntries([...EVENT_TYPES, 'search'].map((t) => [t, 0])) as UserSummary['counts'];
  const times: number[] = [];
  for (const e of events) {
    counts[e.type]++;
    times.push(e.timestamp);
  }
  counts.search = searches.length;
  for (const s of searches) times.push(s.timestamp);
  if (fromBundle) for (const [, t] of snapshot.watched ?? []) times.push(t);
  const watches = [...state.watched]
    .reverse()
    .slice(0, SUMMARY_WATCHES)
    .map((i) => ({ itemId: input.itemIds[i], at: state.watchedAt.get(i) ?? 0 }));
  return {
    userId,
    modelVersion: input.modelVersion,
    known: { bundle: fromBundle, store: events.length + searches.length > 0 },
    ...(erasedAt !== undefined ? { erasedAt } : {}),
    watches,
    watchedCount: state.watched.length,
    dislikedCount: state.disliked.size,
    counts,
    searchTokens: state.searches?.tokens.length ?? 0,
    ...(times.length ? { firstSeen: Math.min(...times), lastSeen: Math.max(...times) } : {}),
  };
}
