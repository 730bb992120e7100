import type { RecoEvent } from '../data/types.ts';

/** Result of appending a batch: `duplicates` were already stored under the same `eventId`. */
export interface AppendResult {
  accepted: number;
  duplicates: number;
}

/**
 * Durable, append-only store of events. Every backend passes the same contract suite
 * (test/events/store.contract.ts).
 */
export interface EventStore {
  /**
   * Stores a batch atomically: either every event is durable when this returns, or none is
   * stored and it throws. Events whose `eventId` is already stored are counted as duplicates
   * and not stored again.
   */
  append(events: readonly RecoEvent[]): AppendResult;
  /** The user's events, oldest first (ties in insertion order). */
  byUser(userId: string): RecoEvent[];
  /** Every stored event, oldest first: what `reco train --events` reads. */
  all(): Iterable<RecoEvent>;
  /** Number of stored events. */
  count(): number;
  close(): void;
}
