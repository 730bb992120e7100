import type { BundleUser } from '../bundle/contents.ts';
import type { RecoEvent, SearchEvent } from '../data/types.ts';
import type { Vocab } from '../data/vocab.ts';
import type { EventStore } from '../events/store.ts';
import { searchInputOf } from '../models/retrieval/search-input.ts';
import type { SoftmaxDnnConfig } from '../models/retrieval/softmax-dnn-config.ts';
import { stateBytes } from './state-size.ts';
import { buildUserState, type UserState } from './user-state.ts';
import type { UserVersions } from './user-versions.ts';

/**
 * What a state is built against: the served bundle's vocabulary and snapshot of users, and its
 * query tower's search input (none: the user's searches are not read).
 */
export interface StateSource {
  spec: { items: Vocab };
  users: Map<string, BundleUser>;
  retrieval?: { config: Pick<SoftmaxDnnConfig, 'searchBuckets' | 'searchLength'> };
}

const searchInput = (b: StateSource | undefined) =>
  b?.retrieval ? searchInputOf(b.retrieval.config) : undefined;

/**
 * Stored events a state is built from: the user's latest, read by the store's (user, time)
 * index, so a state costs the same to build after a million events as after a thousand; the
 * bundle's snapshot holds the history before (training read all of it).
 */
export const STATE_EVENTS = 1000;
/** Default bound of the cache in bytes (estimated: state-size.ts), beside its bound in users. */
export const STATE_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * A bounded LRU of user states (bounded in users and in bytes), each with the shared version it was read at, so an event
 * observed on any replica (a version bump) or here (`invalidate`) shows in the next answer.
 */
export class UserStateCache {
  private readonly cache = new Map<string, { state: UserState; version: string; bytes: number }>();
  /** Estimated bytes of the cached states. */
  bytes = 0;
  /** Store reads in flight per user: an event observed meanwhile makes their result stale. */
  private readonly reading = new Map<string, Set<{ stale: boolean }>>();
  hits = 0;
  misses = 0;

  constructor(
    // searchesByUser is optional: a store without it reads as one where nobody searched.
    // erasedAt likewise: a store without it has erased nobody.
    private readonly store: Pick<EventStore, 'byUser'> &
      Partial<Pick<EventStore, 'searchesByUser' | 'erasedAt'>>,
    private readonly versions: UserVersions,
    private readonly capacity: number,
    private readonly maxBytes = STATE_CACHE_BYTES,
  ) {}

  get size(): number {
    return this.cache.size;
  }

  clear(): void {
    this.cache.clear();
    this.bytes = 0;
  }

  private drop(userId: string): void {
    this.bytes -= this.cache.get(userId)?.bytes ?? 0;
    this.cache.delete(userId);
  }

  /** Caches a state, then evicts the least recently used until both bounds hold again. */
  private put(userId: string, state: UserState, version: string): void {
    this.drop(userId);
    const bytes = stateBytes(state);
    this.cache.set(userId, { state, version, bytes });
    this.bytes += bytes;
    while (this.cache.size > this.capacity || (this.bytes > this.maxBytes && this.cache.size > 1))
      this.drop(this.cache.keys().next().value as string);
  }

  /** Forgets the users' states and spoils reads of them in flight; bumps their shared versions. */
  async invalidate(events: readonly Pick<RecoEvent, 'userId'>[]): Promise<void> {
    for (const e of events) {
      this.drop(e.userId);
      for (const r of this.reading.get(e.userId) ?? []) r.stale = true;
    }
    await this.versions.bump(events.map((e) => e.userId));
  }

  /**
   * The user's state, cached or rebuilt, with the bundle it was built against. `current` is read
   * after the awaits and returned with the state, so a reload that swaps bundles meanwhile cannot
   * pair a state with another bundle's vocabulary; undefined means none is loaded.
   */
  async get<B extends StateSource>(
    userId: string,
    current: () => B | undefined,
  ): Promise<{ bundle: B; state: UserState } | undefined> {
    const version = await this.versions.get(userId);
    const hit = this.cache.get(userId);
    const now = current();
    if (hit && hit.version === version && now) {
      this.hits++;
      this.cache.delete(userId); // re-insert: Map order is the LRU order
      this.cache.set(userId, hit);
      return { bundle: now, state: hit.state };
    }
    this.misses++;
    const token = { stale: false };
    // An erasure made on another replica reaches this one as a version bump: the snapshot it may
    // still hold of the user is checked against the store's record of erasures.
    const known = now?.users.has(userId) ?? false;
    const { events, searches, erased } = await this.read(
      userId,
      token,
      searchInput(now) !== undefined,
      known,
    );
    const bundle = current();
    if (!bundle) return undefined;
    const input = searchInput(bundle);
    const state = buildUserState(
      bundle.spec.items,
      erased ? undefined : bundle.users.get(userId),
      events,
      input && { ...input, events: searches ?? [], asOf: Date.now() },
    );
    // A state read before an event that was stored meanwhile is served once, never cached; so is
    // one whose searches were skipped for a bundle that read none, when one that reads them came in.
    const skipped = input && !searches && this.store.searchesByUser;
    if (!token.stale && !skipped) {
      this.put(userId, state, version);
    }
    return { bundle, state };
  }

  /** The user's stored events (and searches, when wanted), with `token` among the reads in flight. */
  private async read(
    userId: string,
    token: { stale: boolean },
    withSearches: boolean,
    withErasure = false,
  ): Promise<{ events: RecoEvent[]; searches?: SearchEvent[]; erased?: boolean }> {
    const inFlight = this.reading.get(userId) ?? new Set();
    inFlight.add(token);
    this.reading.set(userId, inFlight);
    try {
      const [events, searches, erasedAt] = await Promise.all([
        this.store.byUser(userId, STATE_EVENTS),
        withSearches ? this.store.searchesByUser?.(userId) : undefined,
        withErasure ? this.store.erasedAt?.(userId) : undefined,
      ]);
      return { events, ...(searches ? { searches } : {}), erased: erasedAt !== undefined };
    } finally {
      inFlight.delete(token);
      if (inFlight.size === 0) this.reading.delete(userId);
    }
  }
}
