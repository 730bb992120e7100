import type { Item, RecoEvent } from '../../src/data/types.ts';
import { ModelNotReadyError, RecoError, recoError } from '../../src/errors.ts';
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

/** A deterministic Engine for route tests: items i1..i200 minus what the user watched or the request excludes. */
export class FakeEngine implements Engine {
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

  stats(): EngineStats {
    return { modelVersion: this.modelVersion(), cacheHits: 0, cacheMisses: 0, cachedUsers: 0 };
  }

  close(): void {
    this.closed = true;
  }
}
