import type { LoadedBundle } from '../bundle/read.ts';
import type { Item, RecoEvent } from '../data/types.ts';
import { lookup } from '../data/vocab.ts';
import { ModelNotReadyError, RecoError } from '../errors.ts';
import type { EventStore } from '../events/store.ts';
import { allocateExamples, writeExample } from '../features/query.ts';
import { queryRow } from '../features/ranking.ts';
import type { SearchResult } from '../index/candidate-index.ts';
import { readTidy } from '../runtime/read.ts';
import { addItemsToBundle } from './cold-start.ts';
import type {
  Engine,
  EngineStats,
  Recommendation,
  RecommendRequest,
  SimilarItems,
  SimilarRequest,
  StageTimings,
} from './engine.ts';
import {
  applyChain,
  type ChainTrace,
  createChain,
  DEFAULT_RULES,
  keptByFilters,
  type RulesConfig,
  splitLeadingFilters,
} from './rules/chain.ts';
import { hasFilters, type RequestFilters } from './rules/request-filters.ts';
import type { Candidate, Rule } from './rules/rule.ts';
import { buildUserState, type UserState } from './user-state.ts';
import { LOCAL_VERSIONS, type UserVersions } from './user-versions.ts';

export interface RecommenderOptions {
  store: EventStore;
  /** Per-user state versions shared by replicas (Redis); LOCAL_VERSIONS for one replica. */
  versions?: UserVersions;
  /** Most candidates fetched from the index before ranking (plus the user's watched count). */
  candidates: number;
  /**
   * A page of k ranks max(minCandidates, candidatesPerItem × k) of them (at most `candidates`):
   * the ranker reorders retrieval's head, and ranking is most of a request's CPU.
   */
  candidatesPerItem: number;
  minCandidates: number;
  /** Users whose merged state is cached in memory. */
  cacheSize: number;
  rules: RulesConfig;
  /** Most popular items whose related items are precomputed at load. */
  similarCacheItems: number;
}

/** The bundle's rule parameters with a request's overrides applied. */
function withOverrides(cfg: RulesConfig, o: RecommendRequest['rules']): RulesConfig {
  if (!o) return cfg;
  return {
    ...cfg,
    freshness: { ...cfg.freshness, boost: o.freshnessBoost ?? cfg.freshness.boost },
    diversity: {
      lambda: o.diversityLambda ?? cfg.diversity.lambda,
      maxPerTopic: o.maxPerTopic ?? cfg.diversity.maxPerTopic,
    },
  };
}

export const DEFAULT_RECOMMENDER: Omit<RecommenderOptions, 'store'> = {
  candidates: 200,
  // Measured on the demo world and its watches-only variant (`reco evaluate --models served`
  // with k = 10): ranking 50, 100 or 200 candidates gave the same R@10 (0.497-0.500) and
  // NDCG@10 (0.307-0.308), while ranking 50 costs a quarter of the ranker's time.
  candidatesPerItem: 5,
  minCandidates: 50,
  cacheSize: 50_000,
  rules: DEFAULT_RULES,
  similarCacheItems: 1000,
};

/**
 * The serving pipeline for one request: user state -> query tower ψ(x) -> index top-N ->
 * ranker (expected watch time) -> rules -> top k. Holds the current bundle and a bounded cache
 * of user states that `observe` invalidates, so a posted event shows in the next answer.
 */
export class Recommender implements Engine {
  private bundle: LoadedBundle | undefined;
  private chain: { bundle?: LoadedBundle; rules: Rule[] } = { rules: [] };
  /** Neighbours of the bundle's most popular items, filled as they are asked for. */
  private similarCache: { bundle?: LoadedBundle; popular: Set<number>; found: Map<number, SearchResult> } = {
    popular: new Set(),
    found: new Map(),
  };
  private readonly opts: RecommenderOptions;
  /** LRU of user states, each with the shared version it was read at. */
  private readonly cache = new Map<string, { state: UserState; version: string }>();
  /** Store reads in flight per user: an event observed meanwhile makes their result stale. */
  private readonly reading = new Map<string, Set<{ stale: boolean }>>();
  private readonly versions: UserVersions;
  /** Position in the store's catalogue table up to which items have been added (syncItems). */
  private itemCursor = 0;
  private cacheHits = 0;
  private cacheMisses = 0;

  constructor(opts: RecommenderOptions) {
    this.opts = opts;
    this.versions = opts.versions ?? LOCAL_VERSIONS;
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
    addItemsToBundle(bundle, items, Date.now());
    this.setBundle(bundle);
    this.itemCursor = cursor;
  }

  /** Catalogue items: new ones join the served bundle at once when it has an item tower. */
  addItems(items: readonly Item[]): number {
    const b = this.bundle;
    if (!b) return 0;
    const added = addItemsToBundle(b, items, Date.now());
    if (added > 0) this.cache.clear(); // cached states index the old vocabulary size only
    return added;
  }

  /** Adds items other replicas stored since this bundle was installed. */
  async syncItems(): Promise<number> {
    if (!this.bundle) return 0;
    const { items, cursor } = await this.opts.store.itemsSince(this.itemCursor);
    this.itemCursor = cursor;
    return this.addItems(items);
  }

  /** Swaps in a new bundle and frees the previous one; user states are rebuilt lazily. */
  setBundle(bundle: LoadedBundle): void {
    const old = this.bundle;
    this.bundle = bundle;
    this.cache.clear();
    this.similarCache = { bundle, popular: this.popularItems(bundle), found: new Map() };
    this.warmUp();
    old?.dispose();
  }

  /** One throw-away request so the first real one pays no kernel set-up cost. */
  private warmUp(): void {
    const b = this.bundle!;
    this.rank(b, buildUserState(b.spec.items, undefined, []), { userId: '\u0000warm-up', k: 10 });
  }

  async observe(events: readonly RecoEvent[]): Promise<void> {
    for (const e of events) {
      this.cache.delete(e.userId);
      for (const r of this.reading.get(e.userId) ?? []) r.stale = true;
    }
    await this.versions.bump(events.map((e) => e.userId));
  }

  /**
   * The user's merged state (from the cache, or rebuilt from the bundle and the store) and the
   * bundle it was built against. Everything after the awaits is synchronous, so a request
   * finishes on the bundle it got here even if a reload swaps in another meanwhile.
   */
  async userState(userId: string): Promise<{ bundle: LoadedBundle; state: UserState }> {
    if (!this.bundle) throw new ModelNotReadyError();
    const version = await this.versions.get(userId);
    const hit = this.cache.get(userId);
    if (hit && hit.version === version && this.bundle) {
      this.cacheHits++;
      // Refresh LRU position.
      this.cache.delete(userId);
      this.cache.set(userId, hit);
      return { bundle: this.bundle, state: hit.state };
    }
    this.cacheMisses++;
    const token = { stale: false };
    const inFlight = this.reading.get(userId) ?? new Set();
    inFlight.add(token);
    this.reading.set(userId, inFlight);
    let events: RecoEvent[];
    try {
      events = await this.opts.store.byUser(userId);
    } finally {
      inFlight.delete(token);
      if (inFlight.size === 0) this.reading.delete(userId);
    }
    const b = this.bundle;
    if (!b) throw new ModelNotReadyError();
    const state = buildUserState(b.spec.items, b.users.get(userId), events);
    // A state read before an event that was stored meanwhile is served once, never cached.
    if (!token.stale) {
      this.cache.set(userId, { state, version });
      if (this.cache.size > this.opts.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    }
    return { bundle: b, state };
  }

  /** The rule parameters the bundle was trained with, else the service defaults. */
  private rulesConfig(b: LoadedBundle): RulesConfig {
    return (b.manifest.config.rules as RulesConfig | undefined) ?? this.opts.rules;
  }

  private resolveFilters(b: LoadedBundle, f: RecommendRequest['filters']): RequestFilters {
    const topics = (names?: string[]) =>
      names ? new Set(names.map((n) => lookup(b.spec.topics, n))) : undefined;
    return { topics: topics(f?.topics), excludeTopics: topics(f?.excludeTopics), maxAgeDays: f?.maxAgeDays };
  }

  async recommend(req: RecommendRequest): Promise<Recommendation> {
    const t0 = performance.now();
    const { bundle, state } = await this.userState(req.userId);
    const rec = this.rank(bundle, state, req);
    rec.timings.state = performance.now() - t0 - rec.timings.total;
    rec.timings.total += rec.timings.state;
    return rec;
  }

  /** The synchronous part of a request: query tower, index, ranker, rules. */
  private rank(
    b: LoadedBundle,
    state: UserState,
    req: RecommendRequest,
  ): Recommendation & { timings: StageTimings } {
    const now = req.now ?? Date.now();
    const t1 = performance.now();

    // ψ(x) for this request: history + profile + request context (falling back to the last seen).
    const q = allocateExamples(b.spec, 1);
    const ctx = {
      device: req.context?.device ?? state.lastContext?.device,
      country: req.context?.country ?? state.lastContext?.country,
      time: now,
    };
    const times = state.watched.map((i) => state.watchedAt.get(i) ?? 0);
    writeExample(b.spec, q, 0, state.watched, state.profile, ctx, 0, times);
    const psi = readTidy(() => b.retrieval.query(q));
    const t2 = performance.now();

    // Ask for enough candidates that the ones the rules will drop do not starve the list;
    // post-filters drop more, so they widen the search.
    const filters = this.resolveFilters(b, req.filters);
    const widen = hasFilters(filters) ? 5 : 1;
    const { candidates, candidatesPerItem, minCandidates } = this.opts;
    const depth = Math.min(candidates, Math.max(minCandidates, candidatesPerItem * req.k));
    const n = widen * depth + state.watchedAt.size + state.disliked.size;
    const found = b.index.search(psi, n);
    const t3 = performance.now();

    // The chain's leading filters (seen, disliked, request filters) run before the ranker, so it
    // scores only what can be shown; each kept item keeps its retrieval rank as a feature.
    const o = req.rules;
    const overridden =
      o && (o.freshnessBoost !== undefined || o.diversityLambda !== undefined || o.maxPerTopic !== undefined);
    const chain =
      hasFilters(filters) || overridden
        ? createChain(withOverrides(this.rulesConfig(b), o), filters)
        : this.chainFor(b);
    const trace: ChainTrace | undefined = req.explain ? { steps: new Map(), removed: [] } : undefined;
    const dim = b.manifest.dims.dim;
    const ruleCtx = { user: state, items: b.itemTable, vectors: b.itemVectors, dim, now, k: req.k };
    const { filters: preFilters, rest } = splitLeadingFilters(chain);
    const kept = keptByFilters(preFilters, found.items, ruleCtx, trace);
    const scores = b.rankerScorer.score(
      { spec: b.spec, items: b.itemTable, vectors: b.itemVectors, dim },
      queryRow(b.spec, dim, q, 0, psi, 0, now),
      kept.map((r) => found.items[r]),
      kept,
    );
    // Serving order: exp(ψ·v − max ψ·v) · E[watch time]^β, with β learnt on the validation split
    // (β = 0: the ranker steps aside and retrieval order stands; see training/blend.ts).
    const beta = (b.manifest.config.blend as { beta?: number } | undefined)?.beta ?? 1;
    let top = Number.NEGATIVE_INFINITY;
    for (const r of kept) top = Math.max(top, found.scores[r]);
    const ranked: Candidate[] = kept
      .map((r, j) => ({
        item: found.items[r],
        retrievalScore: found.scores[r],
        retrievalRank: r,
        rankerScore: scores[j],
        score: Math.exp(found.scores[r] - top) * (beta === 0 ? 1 : Math.max(scores[j], 1e-12) ** beta),
      }))
      .sort((a, c) => c.score - a.score);
    const t4 = performance.now();

    const final = applyChain(rest, ranked, ruleCtx, trace).slice(0, req.k);
    const t5 = performance.now();
    const timings = {
      state: 0,
      query: t2 - t1,
      candidates: t3 - t2,
      ranking: t4 - t3,
      rules: t5 - t4,
      total: t5 - t1,
    };
    const ids = b.spec.items.ids;
    return {
      userId: req.userId,
      modelVersion: b.manifest.version,
      items: final.map((c, i) => ({
        itemId: ids[c.item],
        score: c.score,
        rank: i + 1,
        ...(trace
          ? {
              explain: {
                retrievalScore: c.retrievalScore,
                retrievalRank: c.retrievalRank + 1,
                rankerScore: c.rankerScore,
                rules: trace.steps.get(c.item) ?? [],
              },
            }
          : {}),
      })),
      ...(trace
        ? { removed: trace.removed.map((r) => ({ itemId: ids[r.item], rule: r.rule, reason: r.reason })) }
        : {}),
      timings,
    };
  }

  private chainFor(b: LoadedBundle): Rule[] {
    if (this.chain.bundle !== b) this.chain = { bundle: b, rules: createChain(this.rulesConfig(b)) };
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
    const state = user?.state;
    const item = lookup(b.spec.items, req.itemId);
    if (item === 0)
      throw new RecoError('ITEM_NOT_FOUND', `item "${req.itemId}" is not in the model's catalogue`, 404);
    const skip = (i: number) => i === item || state?.watchedAt.has(i) || state?.disliked.has(i);
    const want = req.k + 1 + (state ? state.watchedAt.size + state.disliked.size : 0);
    const cache = this.similarCache.bundle === b ? this.similarCache : undefined;
    let neighbours = cache?.found.get(item);
    if (!neighbours || neighbours.items.length < want) {
      const dim = b.manifest.dims.dim;
      neighbours = b.index.search(b.itemVectors.subarray(item * dim, (item + 1) * dim), Math.max(want, 101));
      if (cache?.popular.has(item)) cache.found.set(item, neighbours);
    }
    const items = neighbours.items
      .map((i, r) => ({ i, score: neighbours.scores[r] }))
      .filter(({ i }) => !skip(i))
      .slice(0, req.k)
      .map(({ i, score }, r) => ({ itemId: b.spec.items.ids[i], score, rank: r + 1 }));
    return { itemId: req.itemId, modelVersion: b.manifest.version, items };
  }

  /**
   * The most popular items, whose neighbours are asked for most and so are kept once computed
   * (lazily: precomputing them all stalled the event loop for ~0.1 s at every reload).
   */
  private popularItems(b: LoadedBundle): Set<number> {
    const order = Array.from({ length: b.spec.items.ids.length - 1 }, (_, i) => i + 1)
      .sort((x, y) => b.itemTable.watches[y] - b.itemTable.watches[x])
      .slice(0, this.opts.similarCacheItems);
    return new Set(order);
  }

  stats(): EngineStats {
    const b = this.bundle;
    return {
      modelVersion: b?.manifest.version,
      modelCreatedAt: b ? Date.parse(b.manifest.createdAt) : undefined,
      indexSize: b?.index.size,
      indexRecall: b?.manifest.metrics.index.recallAt100,
      cacheHits: this.cacheHits,
      cacheMisses: this.cacheMisses,
      cachedUsers: this.cache.size,
      sharedState: this.versions.kind,
    };
  }

  async close(): Promise<void> {
    await this.versions.close();
    this.bundle?.dispose();
    this.bundle = undefined;
    this.cache.clear();
    this.similarCache = { popular: new Set(), found: new Map() };
  }
}
