import type { LoadedBundle } from '../bundle/read.ts';
import { type Item, isSearch, type RecoEvent, type StoredEvent } from '../data/types.ts';
import { lookup } from '../data/vocab.ts';
import { ModelNotReadyError } from '../errors.ts';
import type { ItemFlags } from '../events/store.ts';
import { addItemsToBundle } from './cold-start.ts';
import type {
  Engine,
  EngineStats,
  Recommendation,
  RecommendRequest,
  SimilarItems,
  SimilarRequest,
  SimilarUsers,
  SimilarUsersRequest,
} from './engine.ts';
import { reembedItem, sameContent } from './item-update.ts';
import { PinBoard } from './pins.ts';
import type { RecommenderOptions } from './recommender-options.ts';
import { createChain } from './rules/chain.ts';
import type { Rule } from './rules/rule.ts';
import { applyServedData, forgetUsers, markHidden, readServedData } from './served-data.ts';
import { closestUsers, similarItems } from './similar.ts';
import { SourceSet } from './sources/set.ts';
import { runStages } from './stages/pipeline.ts';
import { bundleRules } from './stages/rules.ts';
import { STATE_EVENTS, UserStateCache } from './user-cache.ts';
import { type DataEngine, summarise, type UserSummary } from './user-data.ts';
import { buildUserState, type UserState } from './user-state.ts';
import { LOCAL_VERSIONS, type UserVersions } from './user-versions.ts';

export { DEFAULT_RECOMMENDER, type RecommenderOptions } from './recommender-options.ts';

/** The throw-away request that warms a new bundle's kernels; it is not a user (ids have no control characters). */
const WARM_UP = '\u0000warm-up';

/**
 * One request: user state -> query tower ψ(x) -> candidate sources (sources/), merged -> the
 * rules' leading filters -> features -> ranking (expected watch time, blend) -> the other rules
 * -> top k, explained on request. The stages live in stages/; this class holds what outlives a
 * request: the bundle, the user-state cache, the sources' state.
 */
export class Recommender implements Engine, DataEngine {
  private bundle: LoadedBundle | undefined;
  private chain: { bundle?: LoadedBundle; rules: Rule[] } = { rules: [] };
  private sources: SourceSet | undefined;
  private readonly pins = new PinBoard();
  private readonly states: UserStateCache;
  private readonly versions: UserVersions;
  /** Position in the store's catalogue table up to which items have been added (syncItems). */
  private itemCursor = 0;
  /** The store's item flags as last read or set (hidden and retired items). */
  private flags: ReadonlyMap<string, ItemFlags> = new Map();

  constructor(private readonly opts: RecommenderOptions) {
    this.versions = opts.versions ?? LOCAL_VERSIONS;
    this.states = new UserStateCache(opts.store, this.versions, opts.cacheSize);
  }

  isReady(): boolean {
    return this.bundle !== undefined;
  }

  modelVersion(): string | undefined {
    return this.bundle?.manifest.version;
  }

  /** The bundle being served (undefined until one is loaded). */
  current(): LoadedBundle | undefined {
    return this.bundle;
  }

  /**
   * Installs a freshly loaded bundle with the items stored since its training (cold start) and
   * swaps it in.
   */
  async install(bundle: LoadedBundle): Promise<void> {
    const { items, cursor } = await this.opts.store.itemsSince(0);
    this.pins.update(items);
    addItemsToBundle(bundle, items, Date.now());
    const served = await readServedData(this.opts.store);
    this.flags = served.flags;
    applyServedData(bundle, undefined, this.pins, served);
    this.setBundle(bundle);
    this.itemCursor = cursor;
  }

  /** Catalogue items: new ones join the served bundle at once when it has an item tower. */
  addItems(items: readonly Item[]): number {
    this.pins.update(items);
    const b = this.bundle;
    if (!b) return 0;
    const added = addItemsToBundle(b, items, Date.now());
    if (added > 0) this.states.clear(); // cached states index the old vocabulary size only
    if (added > 0 && this.flags.size > 0) markHidden(b, this.flags); // a new item may be flagged already
    return added;
  }

  /** Adds items other replicas stored since this bundle was installed. */
  async syncItems(): Promise<number> {
    if (!this.bundle) return 0;
    const { items, cursor } = await this.opts.store.itemsSince(this.itemCursor);
    this.itemCursor = cursor;
    const added = this.addItems(items);
    // Content edited on another replica (PATCH /items): re-embedded here too.
    for (const it of items) if (this.editedHere(it)) this.updateItem(it);
    // Erasures and flags made on other replicas (theirs reached this one's cached states at once).
    const served = await readServedData(this.opts.store);
    this.flags = served.flags;
    applyServedData(this.bundle, this.sources?.users, this.pins, served);
    return added;
  }

  /** Swaps in a new bundle and frees the previous one; user states are rebuilt lazily. */
  setBundle(bundle: LoadedBundle): void {
    const old = this.bundle;
    this.bundle = bundle;
    this.states.clear();
    this.sources = SourceSet.install(bundle, this.opts, Date.now());
    // One throw-away request, so the first real one pays no kernel set-up cost.
    this.rank(bundle, buildUserState(bundle.spec.items, undefined, []), { userId: WARM_UP, k: 10 });
    old?.dispose();
  }

  async observe(events: readonly StoredEvent[]): Promise<void> {
    await this.states.invalidate(events);
    // Searches change the user's state (their query), not what items are watched.
    this.sources?.observe(events.filter((e): e is RecoEvent => !isSearch(e)));
  }

  /**
   * The user's merged state (from the cache, or rebuilt from the bundle and the store) and the
   * bundle it was built against. Everything after the awaits is synchronous, so a request
   * finishes on the bundle it got here even if a reload swaps in another meanwhile.
   */
  async userState(userId: string): Promise<{ bundle: LoadedBundle; state: UserState }> {
    if (!this.bundle) throw new ModelNotReadyError();
    const got = await this.states.get(userId, () => this.bundle);
    if (!got) throw new ModelNotReadyError();
    return got;
  }

  async recommend(req: RecommendRequest): Promise<Recommendation> {
    const t0 = performance.now();
    const { bundle, state } = await this.userState(req.userId);
    const rec = this.rank(bundle, state, req);
    rec.timings.state = performance.now() - t0 - rec.timings.total;
    rec.timings.total += rec.timings.state;
    return rec;
  }

  /** The synchronous part of a request: the stages in order (stages/pipeline.ts). */
  private rank(b: LoadedBundle, state: UserState, req: RecommendRequest) {
    const deps = {
      sources: this.sourcesFor(b),
      chain: () => this.chainFor(b),
      pins: this.pins,
      opts: this.opts,
    };
    return runStages(deps, b, state, req);
  }

  /** The sources of `b` (a request that began on a bundle since replaced gets fresh ones). */
  private sourcesFor(b: LoadedBundle): SourceSet {
    if (this.sources?.bundle === b) return this.sources;
    return SourceSet.install(b, { ...this.opts, userIndexSize: 0 }, Date.now());
  }

  private chainFor(b: LoadedBundle): Rule[] {
    if (this.chain.bundle !== b) {
      this.chain = { bundle: b, rules: createChain(bundleRules(b.manifest.config, this.opts.rules)) };
    }
    return this.chain.rules;
  }

  /**
   * Related items: the nearest items to `itemId` by inner product of item embeddings (the
   * "related videos" candidate source). Answers for the most popular items are kept.
   */
  async similar(req: SimilarRequest): Promise<SimilarItems> {
    if (!this.bundle) throw new ModelNotReadyError();
    const user = req.userId ? await this.userState(req.userId) : undefined;
    const b = user?.bundle ?? this.bundle;
    if (!b) throw new ModelNotReadyError();
    return similarItems(b, this.sourcesFor(b).related, req, user?.state);
  }

  /**
   * Closest users: the nearest indexed users to this user's ψ(x) (computed now from their
   * state; a user with no watches gets the embedding of their profile and context).
   */
  async similarUsers(req: SimilarUsersRequest): Promise<SimilarUsers> {
    const { bundle: b, state } = await this.userState(req.userId);
    return closestUsers(b, state, this.sourcesFor(b).users, req, Date.now());
  }

  // Users' data and the catalogue's flags (DataEngine, user-data.ts): the store changed first.

  async forgetUser(userId: string): Promise<void> {
    forgetUsers(this.bundle, this.sources?.users, [userId]);
    await this.states.invalidate([{ userId }]);
  }

  async describeUser(userId: string): Promise<UserSummary | undefined> {
    const { bundle: b, state } = await this.userState(userId);
    const erasedAt = await this.opts.store.erasedAt(userId);
    const { version } = b.manifest;
    const input = { userId, modelVersion: version, itemIds: b.spec.items.ids, state, erasedAt };
    return summarise({ ...input, snapshot: b.users.get(userId) }, this.opts.store, STATE_EVENTS);
  }

  flagItems(flags: ReadonlyMap<string, ItemFlags>): void {
    this.flags = flags;
    applyServedData(this.bundle, undefined, this.pins, { erased: new Map(), flags });
  }

  updateItem(item: Item): boolean {
    this.pins.update([item]);
    return this.bundle ? reembedItem(this.bundle, item, Date.now()) : false;
  }

  /** A known item whose stored content differs from what this bundle serves. */
  private editedHere(item: Item): boolean {
    const served = this.servedItem(item.itemId);
    return served.known && served.item !== undefined && !sameContent(served.item, item);
  }

  servedItem(itemId: string): { known: boolean; item?: Item } {
    const i = this.bundle ? lookup(this.bundle.spec.items, itemId) : 0;
    return { known: i > 0, item: i > 0 ? this.bundle?.items[i] : undefined };
  }

  hiddenItems(): ReadonlySet<string> {
    return this.pins.hidden;
  }

  stats(): EngineStats {
    const b = this.bundle;
    const { hits: cacheHits, misses: cacheMisses, size: cachedUsers } = this.states;
    return {
      modelVersion: b?.manifest.version,
      modelCreatedAt: b ? Date.parse(b.manifest.createdAt) : undefined,
      indexSize: b?.index.size,
      indexRecall: b?.manifest.metrics.index.recallAt100,
      ...{ cacheHits, cacheMisses, cachedUsers },
      sharedState: this.versions.kind,
    };
  }

  async close(): Promise<void> {
    await this.versions.close();
    this.bundle?.dispose();
    this.bundle = undefined;
    this.states.clear();
    this.sources = undefined;
  }
}
