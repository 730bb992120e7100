import type { Context, RecoEvent } from '../data/types.ts';

/** One recommendation request after HTTP validation. */
export interface RecommendRequest {
  userId: string;
  /** Number of items wanted, 1..100. */
  k: number;
  context?: Context;
  /** Request time, epoch ms (defaults to now). */
  now?: number;
}

export interface RecommendedItem {
  itemId: string;
  /** Final score after ranking and rules (expected watch time in seconds, boosted). */
  score: number;
  /** 1-based position in the list. */
  rank: number;
}

export interface Recommendation {
  userId: string;
  modelVersion: string;
  items: RecommendedItem[];
}

/** Per-stage timings of one request, in milliseconds. */
export interface StageTimings {
  state: number;
  query: number;
  candidates: number;
  ranking: number;
  rules: number;
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
  /** Timings of the most recent recommendation (requests are computed synchronously). */
  lastTimings?: StageTimings;
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
  recommend(req: RecommendRequest): Recommendation;
  /** Called after events are durably stored, so the next request reflects them. */
  observe(events: readonly RecoEvent[]): void;
  stats(): EngineStats;
  /** Releases tensors and the index. */
  close(): Promise<void> | void;
}
