import type { OriginName, SourceName, SourceQuotas } from '../bundle/sources-config.ts';
import type { Context, Item, StoredEvent } from '../data/types.ts';

/** One recommendation request after HTTP validation. */
export interface RecommendRequest {
  userId: string;
  /** Number of items wanted, 1..100. */
  k: number;
  context?: Context;
  /** Request time, epoch ms (defaults to now). */
  now?: number;
  /** Contextual post-filters (topic names, item age). */
  filters?: { topics?: string[]; excludeTopics?: string[]; maxAgeDays?: number };
  /** Return per-item traces of what each stage and rule did. */
  explain?: boolean;
  /** Per-request overrides of the bundle's rule parameters. */
  rules?: {
    freshnessBoost?: number;
    diversityLambda?: number;
    maxPerTopic?: number;
    /** Fair exposure: the provider cap and the long-tail floor (docs/evaluation.md). */
    maxPerProvider?: number;
    longTailMin?: number;
    longTailHeadPercent?: number;
    longTailMargin?: number;
  };
  /** Per-request candidate quotas by source (`?sources=ann:150,fresh:20`); others keep the bundle's. */
  sources?: Partial<SourceQuotas>;
  /** Items to place after ranking and the rules (`?pinned=a,b:3`), besides the catalogue's pins. */
  pinned?: { itemId: string; slot?: number }[];
  /**
   * Items the list must not contain (already on screen): dropped before ranking and the rules,
   * and searched for beyond k, so the list still fills to k when it can.
   */
  exclude?: string[];
  /**
   * Items wanted in the answer when more than k (a paged list, cut into pages of k): ranked as
   * for k, the list is the rules' output cut here instead of at k.
   */
  listSize?: number;
}

/** What each stage did to one returned item (`?explain=true`). */
export interface ItemExplanation {
  retrievalScore: number;
  /** 1-based rank in the retrieval result. */
  retrievalRank: number;
  /** The ranker's expected watch time (seconds), before rules; absent without a ranker. */
  rankerScore?: number;
  rules: {
    rule: string;
    action: 'moved' | 'boosted' | 'demoted';
    from?: number;
    to?: number;
    factor?: number;
  }[];
  /** The candidate sources that produced the item, with its 1-based rank in each. */
  sources?: { source: OriginName; rank: number }[];
}

export interface RecommendedItem {
  itemId: string;
  /** Final ranking score after rules: exp(ψ·v − max ψ·v) · E[watch time]^β, rule-adjusted. */
  score: number;
  /** 1-based position in the list. */
  rank: number;
  explain?: ItemExplanation;
}

export interface Recommendation {
  userId: string;
  modelVersion: string;
  items: RecommendedItem[];
  /** With explain: candidates the rules removed, and why. */
  removed?: { itemId: string; rule: string; reason: string }[];
  /** Per-stage timings of this request (for /metrics; not part of the HTTP response). */
  timings?: StageTimings;
}

/** One "related items" request: the nearest items to an item in embedding space. */
export interface SimilarRequest {
  itemId: string;
  k: number;
  /** When given, the user's watched and disliked items are left out. */
  userId?: string;
}

/** "Closest users": the nearest users to a user in query-embedding space ψ(x). */
export interface SimilarUsersRequest {
  userId: string;
  k: number;
}

export interface SimilarUsers {
  userId: string;
  modelVersion: string;
  users: { userId: string; score: number; rank: number }[];
}

export interface SimilarItems {
  itemId: string;
  modelVersion: string;
  items: { itemId: string; score: number; rank: number }[];
}

/** Per-stage timings of one request, in milliseconds. */
export interface StageTimings {
  /** User state: cache lookup, shared-version check, store read on a miss. */
  state: number;
  query: number;
  candidates: number;
  ranking: number;
  rules: number;
  total: number;
  /** Time spent in each candidate source (part of `candidates`). */
  sources?: Partial<Record<SourceName, number>>;
}

/** What /metrics reports about the engine. */
export interface EngineStats {
  modelVersion?: string;
  /** Bundle creation time, epoch ms. */
  modelCreatedAt?: number;
  indexSize?: number;
  /** recall@100 of the index against exact search, measured at build time. */
  indexRecall?: number;
  cacheHits: number;
  cacheMisses: number;
  cachedUsers: number;
  /** How user-state changes reach other replicas: `local` (one replica) or `redis`. */
  sharedState?: string;
}

/**
 * What the HTTP layer needs from the recommender: the one seam between `http/` and
 * `serving/`, so route tests can run against a fake.
 */
export interface Engine {
  /** True once a model bundle is loaded and warmed. */
  isReady(): boolean;
  /** Version of the loaded bundle, if any. */
  modelVersion(): string | undefined;
  /** Throws a RecoError (503 MODEL_NOT_READY) when no bundle is loaded. */
  recommend(req: RecommendRequest): Promise<Recommendation>;
  /** Throws a RecoError (404 ITEM_NOT_FOUND) for an item the model does not know. */
  similar(req: SimilarRequest): Promise<SimilarItems>;
  /** Throws a RecoError (404 USER_NOT_FOUND) for a user with neither history nor profile. */
  similarUsers(req: SimilarUsersRequest): Promise<SimilarUsers>;
  /**
   * Called after catalogue items are durably stored: items the model has not seen join the
   * served catalogue when it can embed them (item tower). Returns how many became servable.
   */
  addItems(items: readonly Item[]): number;
  /**
   * Called after events are durably stored, so the next request reflects them (on every
   * replica, when state is shared); the events are acknowledged after it resolves.
   */
  observe(events: readonly StoredEvent[]): Promise<void>;
  /** Items flagged hidden or retired (PATCH and DELETE /items/:itemId): pages kept earlier skip them. */
  hiddenItems?(): ReadonlySet<string>;
  stats(): EngineStats;
  /** Releases tensors and the index. */
  close(): Promise<void> | void;
}
