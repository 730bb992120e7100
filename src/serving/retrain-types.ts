/** The shapes of retraining: its options, and what a run came to (the HTTP layer and /metrics report it). */

export type RetrainStatus = 'served' | 'refused' | 'failed' | 'unchanged';

/** What one retraining run came to (the HTTP layer and /metrics report it). */
export interface RetrainOutcome {
  status: RetrainStatus;
  /** ISO time the run ended. */
  at: string;
  /** Machine-readable reason for refused/failed: 'CATALOGUE_SHRANK' | 'USERS_SHRANK' | 'QUALITY_DROPPED' | 'TRAINING_FAILED' | 'RELOAD_REFUSED' */
  code?: string;
  /** Human-readable sentence, no absolute paths, no stack. */
  message?: string;
  /** Figures of the current bundle and of the candidate, when known. */
  current?: { version?: string; items: number; users: number; quality?: number };
  candidate?: { items: number; users: number; quality?: number };
  modelVersion?: string;
  ms?: number;
}

export interface RetrainRunOptions {
  /** Serve the new bundle even if it shrank or scored lower (`reco train --allow-shrink`). */
  allowShrink?: boolean;
  /**
   * Train on the store (and data directory) alone, without the served bundle's catalogue, users
   * and histories (`reco train --fresh`): how an operator deliberately drops items. Without
   * allowShrink the guard then refuses any large drop.
   */
  fresh?: boolean;
}

export interface RetrainOptions {
  intervalMs: number;
  modelDir: string;
  /** Where the store is (SQLite path or PostgreSQL URL), handed to the child in its environment. */
  storeLocation: string;
  /** Catalogue/data directory to train with besides the store; undefined = the store alone. */
  dataDir?: string;
  /** Retrain only when at least this many events arrived since the last training. */
  minNewEvents: number;
  /**
   * With no model at all: train once this many events are stored and none arrived for
   * BOOTSTRAP_SETTLE_MS (0 = never), so a fresh server fed through POST /events gets ready by itself.
   */
  bootstrapMinEvents: number;
  /** `reco train --retrain-max-shrink` (undefined: the child's own configuration, RECO_RETRAIN_MAX_SHRINK). */
  maxShrink?: number;
  /** `reco train --keep-bundles` (undefined: the child's own configuration, RECO_KEEP_BUNDLES). */
  keepBundles?: number;
  /** More `reco train` flags, as given (tests use small epochs). */
  trainArgs?: string[];
}
