import type { Item, RecoEvent, SearchEvent, StoredEvent } from '../data/types.ts';

/** Result of appending a batch: `duplicates` were already stored under the same `eventId`. */
export interface AppendResult {
  accepted: number;
  duplicates: number;
}

/**
 * Durable, append-only store of events. Every backend passes the same contract suite
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
   * (they name no item): every reader of item events can rely on `itemId`.
   */
  byUser(userId: string): Promise<RecoEvent[]>;
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
  /** Every stored item, in the order first stored. */
  items(): Promise<Item[]>;
  /**
   * Items first stored after `cursor` (0: all), in that order, and the cursor to pass next time:
   * how replicas pick up items posted elsewhere without re-reading the table.
   */
  itemsSince(cursor: number): Promise<{ items: Item[]; cursor: number }>;
  close(): Promise<void>;
}
