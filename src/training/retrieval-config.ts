import type { Timeline } from '../data/interactions.ts';
import { DEFAULT_SEARCH_BUCKETS } from '../features/search-tokens.ts';
import type { ItemRepresentation } from '../models/retrieval/softmax-dnn.ts';

/** How `reco train` trains the candidate-generation network (defaults below). */
export interface RetrievalTrainConfig {
  dim: number;
  hidden: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty on the embedding rows a batch touches (small data overfits without it). */
  l2: number;
  /** Stop after this many epochs without a better validation NDCG@10, keeping the best weights. */
  patience: number;
  /**
   * Budget of optimizer steps: large data sets get fewer epochs (each one already sees many
   * examples), never under 3, so `reco train` on a million events stays minutes, not hours.
   */
  maxSteps: number;
  /**
   * `in-batch`: sampled softmax with in-batch negatives and logQ correction; `full`: exact
   * softmax; `positives-only`: no negatives (folds; for the evaluation's comparison only).
   */
  loss: 'in-batch' | 'full' | 'positives-only';
  /**
   * Feed the YouTube paper's example age (days before the end of the data; 0 at serving). Off
   * by default: under leave-last-out evaluation every user's "now" is their own last watch, not
   * the end of the data, and it cost recall there (demo world R@100 0.767 -> 0.757); turn it on
   * for a live service whose popularity moves fast.
   */
  exampleAge: boolean;
  /**
   * With `in-batch`: this many negatives per batch drawn uniformly from the catalogue besides
   * the in-batch ones (mixed negative sampling, Yang et al. 2020): in-batch negatives are all
   * popular items, uniform ones reach the long tail. logQ then corrects for the mixture.
   */
  uniformNegatives: number;
  /** With `in-batch`: per query, this many of the items the model scores highest that the query did not watch. */
  hardNegatives: number;
  /** Item embeddings from ids, from an item tower over content features (cold start), or both. */
  itemRepresentation: ItemRepresentation;
  /** Hidden layer sizes of the item tower. */
  itemHidden: number[];
  /** Hash item ids into this many embedding rows (0 = one row per item); see SoftmaxDnnConfig. */
  idBuckets: number;
  /** The last watched item's embedding as a tower input of its own. */
  lastItemInput: boolean;
  /** A third bag weighted by time since each watch. */
  timeDecayInput: boolean;
  /** An order-aware self-attention read of the history (see SoftmaxDnnConfig.attentionInput). */
  attentionInput: boolean;
  /**
   * Train every position of a user's sequence in one pass instead of one example row per
   * (user, cut): a batch is a set of windows of consecutive watches (features/sequence.ts), each
   * window's history gathered once and the bags of all its positions one causal product, every
   * position a softmax example over the batch's positives, a user's other watches masked as
   * negatives. The served query is the same function of the history either way.
   */
  sequenceTraining: boolean;
  /** With sequenceTraining: most target positions in a window (users with more get several). */
  sequenceWindow: number;
  /**
   * After early stopping on the held-out last watches, train a fresh model on every watch,
   * the held-out ones included, for the epoch count that won: the newest transition of each
   * user is the most telling one, and the tuned model never learnt it. MovieLens-100K
   * (test split): HR@10 0.174 -> 0.193, NDCG@10 0.091 -> 0.100 (docs/evaluation.md).
   */
  refit: boolean;
  /**
   * A mean bag of the user's latest `searchLength` search tokens (hashed into `searchBuckets`)
   * as a tower input of its own. On by default, used when the training data holds searches (and
   * not with sequenceTraining); `--no-search` turns it off.
   */
  searchInput: boolean;
  searchBuckets: number;
  searchLength: number;
  /**
   * Id tables trained sparsely (slabs of the rows a step reads, lazy Adam: sparse-tables.ts):
   * `auto` from 20,000 rows, where dense gradients over the whole table start to cost.
   */
  sparseEmbeddings?: 'auto' | 'on' | 'off';
  seed: number;
}

export const DEFAULT_RETRIEVAL_CONFIG: RetrievalTrainConfig = {
  dim: 64,
  hidden: [256],
  epochs: 30,
  batchSize: 512,
  learningRate: 0.003,
  l2: 0.03,
  patience: 3,
  maxSteps: 15_000,
  loss: 'in-batch',
  exampleAge: false,
  uniformNegatives: 0,
  hardNegatives: 0,
  // id + content tower: on the demo world R@100 0.767 -> 0.873, NDCG@10 0.250 -> 0.277 over ids
  // alone (docs/evaluation.md), and new items get embeddings without retraining.
  itemRepresentation: 'both',
  itemHidden: [64],
  idBuckets: 0,
  lastItemInput: true,
  timeDecayInput: true,
  attentionInput: false,
  sequenceTraining: false,
  sequenceWindow: 16,
  refit: true,
  searchInput: true,
  searchBuckets: DEFAULT_SEARCH_BUCKETS,
  searchLength: 20,
  seed: 7,
};

/** Search slots per query row under `config` (0 = no search input). */
export const searchSlots = (config: RetrievalTrainConfig): number =>
  config.searchInput && !config.sequenceTraining ? config.searchLength : 0;

/** The config with the search input on only where it can be trained: searches in the data, per-cut rows. */
export function resolveSearchInput(
  config: RetrievalTrainConfig,
  timelines: Iterable<Timeline>,
): RetrievalTrainConfig {
  if (!config.searchInput) return config;
  let any = false;
  for (const tl of timelines) if (tl.searches) any = true;
  return any && !config.sequenceTraining ? config : { ...config, searchInput: false };
}
