import type { EventStore } from '../events/store.ts';
import { DEFAULT_RULES, type RulesConfig } from './rules/chain.ts';
import type { UserVersions } from './user-versions.ts';

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
  /** Users kept in the closest-users index (bounded memory: this × (dim + 10) × 4 bytes). */
  userIndexSize: number;
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
  userIndexSize: 20_000,
};
