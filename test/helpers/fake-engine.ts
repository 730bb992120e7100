import type { Item, RecoEvent } from '../../src/data/types.ts';
import { ModelNotReadyError, RecoError, recoError } from '../../src/errors.ts';
import type { ItemFlags } from '../../src/events/store.ts';
import type {
  Engine,
  EngineStats,
  Recommendation,
  RecommendRequest,
  SimilarItems,
  SimilarRequest,
  SimilarUsers,
  SimilarUsersRequest,
} from '../../src/serving/engine.ts';
import type { DataEngine, UserSummary } from '../../src/serving/user-data.ts';

/** A deterministic Engine for route tests: items i1..i200 minus what the user watched or the request excludes. */
export class FakeEngine implements Engine, DataEngine {
  ready = true;
  observed: RecoEvent[] = [];
  closed = false;

  isReady(): boolean {
    return this.ready;
  }

  modelVersion(): string | undefined {
    return this.ready ? 'fake-1' : undefined;
  }

  async recommend(req: RecommendRequest): Promise<Recommendation> {
    if (!this.ready) throw new ModelNotReadyError();
    const watched = new Set(
      this.observed.filter((e) => e.userId === req.userId && e.type === 'watch').map((e) => e.itemId),
    );
    const excluded = new Set(req.exclude);
    const items = Array.from({ length: 200 }, (_, i) => `i${i + 1}`)
      .filter((id) => !watched.has(id) && !excluded.has(id))
      .slice(0, Math.max(req.k, req.listSize ?? req.k))
      .map((itemId, i) => ({ itemId, score: 100 - i, rank: i + 1 }));
    return { userId: req.userId, modelVersion: 'fake-1', items };
  }

  async similar(req: SimilarRequest): Promise<SimilarItems> {
    if (!this.ready) throw new ModelNotReadyError();
    if (!/^i\d+$/.test(req.itemId))
      throw new RecoError('ITEM_NOT_FOUND', `item "${req.itemId}" is unknown`, 404);
    const items = Array.from({ length: req.k }, (_, i) => ({
      itemId: `i${i + 1000}`,
      score: 1 - i / 100,
      rank: i + 1,
    }));
    return { itemId: req.itemId, modelVersion: 'fake-1', items };
  }

  /** Users 'u<n>' exist; the nearest of u<n> are u<n+1>, u<n+2>, ... */
  async similarUsers(req: SimilarUsersRequest): Promise<SimilarUsers> {
    if (!this.ready) throw new ModelNotReadyError();
    const n = /^u(\d+)$/.exec(req.userId);
    if (!n) throw recoError('USER_NOT_FOUND', { userId: req.userId });
    const users = Array.from({ length: req.k }, (_, i) => ({
      userId: `u${Number(n[1]) + i + 1}`,
      score: 1 - i / 100,
      rank: i + 1,
    }));
    return { userId: req.userId, modelVersion: 'fake-1', users };
  }

  addedItems: Item[] = [];

  addItems(items: readonly Item[]): number {
    this.addedItems.push(...items);
    return items.length;
  }

  async observe(events: readonly RecoEvent[]): Promise<void> {
    this.observed.push(...events);
  }

  forgotten: string[] = [];
  flags: ReadonlyMap<string, ItemFlags> = new Map();
  updatedItems: Item[] = [];

  async forgetUser(userId: string): Promise<void> {
    this.forgotten.push(userId);
    this.observed = this.observed.filter((e) => e.userId !== userId);
  }

  /** Users 'u<n>' and anyone observed exist; the summary counts what was observed of them. */
  async describeUser(userId: string): Promise<UserSummary | undefined> {
    if (!this.ready) throw new ModelNotReadyError();
    const mine = this.observed.filter((e) => e.userId === userId);
    const inBundle = /^u\d+$/.test(userId) && !this.forgotten.includes(userId);
    if (!inBundle && mine.length === 0) return undefined;
    const count = (t: string) => mine.filter((e) => e.type === t).length;
    const counts = { impression: 0, watch: 0, like: 0, dislike: 0, skip: 0, search: 0 };
    for (const t of Object.keys(counts) as (keyof typeof counts)[]) counts[t] = count(t);
    const watches = mine.filter((e) => e.type === 'watch').reverse();
    return {
      userId,
      modelVersion: 'fake-1',
      known: { bundle: inBundle, store: mine.length > 0 },
      watches: watches.map((e) => ({ itemId: e.itemId, at: e.timestamp })),
      watchedCount: watches.length,
      dislikedCount: counts.dislike,
      counts,
      searchTokens: 0,
    };
  }

  flagItems(flags: ReadonlyMap<string, ItemFlags>): void {
    this.flags = flags;
  }

  updateItem(item: Item): boolean {
    this.updatedItems.push(item);
    return /^i\d+$/.test(item.itemId);
  }

  /** Items 'i<n>' are served, each with a news record of a minute; 'x<n>' are known by id only. */
  servedItem(itemId: string): { known: boolean; item?: Item } {
    if (/^x\d+$/.test(itemId)) return { known: true };
    if (!/^i\d+$/.test(itemId)) return { known: false };
    return { known: true, item: { itemId, topic: 'news', tags: [], durationSec: 60, publishedAt: 0 } };
  }

  hiddenItems(): ReadonlySet<string> {
    return new Set([...this.flags].filter(([, f]) => f.hidden || f.retired).map(([id]) => id));
  }

  stats(): EngineStats {
    return { modelVersion: this.modelVersion(), cacheHits: 0, cacheMisses: 0, cachedUsers: 0 };
  }

  close(): void {
    this.closed = true;
  }
}
