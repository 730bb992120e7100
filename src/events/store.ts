import type { EventType, Item, RecoEvent, SearchEvent, StoredEvent } from '../data/types.ts';

/** Result of appending a batch: `duplicates` were already stored under the same `eventId`. */
export interface AppendResult {
  accepted: number;
  duplicates: number;
}

/** Where a stored event sits in the store's order: its time, then its insertion sequence. */
export interface EventKey {
  ts: number;
  seq: number;
}

/** A page of one user's stored events, newest first, strictly before `before` when given. */
export interface UserEventsQuery {
  limit: number;
  before?: EventKey;
  type?: EventType | 'search';
}

/** A stored event with its key (the cursor of the page after it). */
export interface KeyedEvent {
  key: EventKey;
  event: StoredEvent;
}

/** What serving and training must not show or learn from: hidden (reversible) or retired (for good). */
export interface ItemFlags {
  hidden: boolean;
  retired: boolean;
}

/** Old events to delete: before `cutoff` (epoch ms), of `types` only when given, at most `limit`. */
export interface PruneQuery {
  cutoff: number;
  types?: readonly (EventType | 'search')[];
  limit: number;
}

/**
 * Durable store of events. Every backend passes the same contract suite
 * (test/events/store.contract.ts). The interface is asynchronous because a networked backend
 * (PostgreSQL) needs it; the embedded SQLite store answers synchronously inside the promises.
 */
export interface EventStore {
  /** Backend name for logs and metrics: `sqlite`, `postgres`, `memory`. */
  readonly kind: string;
  /**
   * Stores a batch atomically: either every event is durable when the promise resolves, or
   * none is stored and it rejects. Events whose `eventId` is already stored are counted as
   * duplicates and not stored again.
   */
  append(events: readonly StoredEvent[]): Promise<AppendResult>;
  /**
   * The user's item events, oldest first (ties in insertion order). Searches are not among them
   * (they name no item): every reader of item events can rely on `itemId`. With `limit`, only
   * the latest `limit` of them (still oldest first), read by the (user, time) index.
   */
  byUser(userId: string, limit?: number): Promise<RecoEvent[]>;
  /** Every stored item event, oldest first: what `reco train --from-store` reads. */
  all(): AsyncIterable<RecoEvent>;
  /** The user's searches, oldest first (ties in insertion order). */
  searchesByUser(userId: string): Promise<SearchEvent[]>;
  /** Every stored search, oldest first. */
  searches(): AsyncIterable<SearchEvent>;
  /** Number of stored events, searches included. */
  count(): Promise<number>;
  /**
   * Upserts catalogue items by itemId (the last of a batch wins), atomically; resolves when
   * durable. Items posted to `POST /items` live here until a training takes them in.
   */
  putItems(items: readonly Item[]): Promise<{ stored: number }>;
  /**
   * Every stored item, in the order last changed: an item stored again with other content moves
   * to the end (stored again unchanged, it keeps its place).
   */
  items(): Promise<Item[]>;
  /**
   * Items stored or changed after `cursor` (0: all), in that order, and the cursor to pass next
   * time: how replicas pick up items posted or edited elsewhere without re-reading the table.
   */
  itemsSince(cursor: number): Promise<{ items: Item[]; cursor: number }>;
  /** A page of the user's events and searches, newest first (ties: latest stored first). */
  userEvents(userId: string, query: UserEventsQuery): Promise<KeyedEvent[]>;
  /**
   * Forgets a user, atomically: deletes every event and search of theirs and records the erasure
   * (time `at`), so the bundle's snapshot of them is ignored from now on, on every replica and
   * after a restart, and the next training leaves them out. Resolves once durable.
   */
  eraseUser(userId: string, at: number): Promise<{ events: number }>;
  /** The erased users, with the time of their (latest) erasure. */
  erasedUsers(): Promise<Map<string, number>>;
  /** When the user was erased, if ever. */
  erasedAt(userId: string): Promise<number | undefined>;
  /** Sets an item's flags (an item with neither flag set is forgotten); durable on resolve. */
  setItemFlags(itemId: string, flags: ItemFlags): Promise<void>;
  /** Every item with a flag set. */
  itemFlags(): Promise<Map<string, ItemFlags>>;
  /** Deletes up to `limit` events matching `query` (oldest first); resolves with how many. */
  prune(query: PruneQuery): Promise<number>;
  close(): Promise<void>;
}
