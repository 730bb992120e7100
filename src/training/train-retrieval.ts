import { createRng } from '../data/demo/rng.ts';
import type { Timeline } from '../data/interactions.ts';
import type { Item, User } from '../data/types.ts';
import { itemFeatureMatrix, itemFeatureWidth } from '../features/item-features.ts';
import { buildRetrievalData, dataEnd, type QueryExamples, selectRows } from '../features/query.ts';
import { type FeatureSpec, queryDenseWidth } from '../features/spec.ts';
import { type RankingSummary, summarizeRanks } from '../models/metrics/metrics.ts';
import {
  type ExtraNegatives,
  fullSoftmaxLoss,
  inBatchSoftmaxLoss,
  positivesOnlyLoss,
} from '../models/retrieval/sampled-softmax.ts';
import { type ItemRepresentation, SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import { rankOf, topK } from '../models/top-k.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';
import { createAdam } from './adam.ts';
import { type EpochLog, epochsFor, fit } from './loop.ts';
import type { Progress } from './progress.ts';

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
  /** The most recent watches as inputs of their own, in order (0 = only lastItemInput). */
  recentSlots: number;
  /** A third bag weighted by time since each watch. */
  timeDecayInput: boolean;
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
  recentSlots: 0,
  timeDecayInput: true,
  seed: 7,
};

/** Uniform and hard negatives for one batch, as configured (undefined when neither is on). */
function extraNegatives(
  model: SoftmaxDnn,
  query: tf.Tensor2D,
  batch: QueryExamples,
  logQAll: Float32Array,
  config: RetrievalTrainConfig,
  random: () => number,
): ExtraNegatives | undefined {
  const n = model.config.numItems;
  const extra: ExtraNegatives = {};
  if (config.uniformNegatives > 0) {
    const ids = Int32Array.from(
      { length: config.uniformNegatives },
      () => 1 + Math.floor(random() * (n - 1)),
    );
    extra.shared = {
      ids,
      embeddings: model.candidates(ids),
      logQ: Float32Array.from(ids, (i) => logQAll[i]),
    };
  }
  const h = config.hardNegatives;
  if (h > 0) {
    // Selection only: the scores are read, the chosen rows enter the loss through gather.
    const scores = readTidy(() => tf.matMul(query, model.items(), false, true));
    const ids = new Int32Array(batch.size * h);
    const len = batch.historyIds.length / batch.size;
    for (let r = 0; r < batch.size; r++) {
      const row = scores.subarray(r * n, (r + 1) * n);
      row[0] = Number.NEGATIVE_INFINITY;
      row[batch.labels[r]] = Number.NEGATIVE_INFINITY;
      for (let s = 0; s < len; s++) row[batch.historyIds[r * len + s]] = Number.NEGATIVE_INFINITY;
      ids.set(topK(row, h), r * h);
    }
    extra.hard = {
      ids,
      embeddings: model.candidates(ids),
    };
  }
  return extra.shared || extra.hard ? extra : undefined;
}

export interface RetrievalResult {
  model: SoftmaxDnn;
  curve: EpochLog[];
  validation: RankingSummary;
  trainExamples: number;
  /** Reference time of the item tower's age feature (epoch ms), kept in the manifest. */
  itemFeatureTime: number;
  ms: number;
}

/** Ranks each validation row's held-out item against the whole catalogue. */
export function evaluateRetrieval(
  model: SoftmaxDnn,
  spec: FeatureSpec,
  valid: QueryExamples,
  exclude: readonly Set<number>[],
  maxUsers = 2000,
): RankingSummary {
  const numItems = model.config.numItems;
  const rows = Math.min(valid.size, maxUsers);
  const ranks: number[] = [];
  const chunk = Math.max(1, Math.floor(4_000_000 / numItems));
  for (let start = 0; start < rows; start += chunk) {
    const idx = Array.from({ length: Math.min(chunk, rows - start) }, (_, i) => start + i);
    const batch = selectRows(spec, valid, idx);
    const scores = readTidy(() => tf.matMul(model.query(batch), model.items(), false, true));
    idx.forEach((r, i) => {
      ranks.push(
        rankOf(scores, valid.labels[r], {
          offset: i * numItems,
          length: numItems,
          from: 1,
          exclude: exclude[r],
        }),
      );
    });
  }
  return summarizeRanks(ranks);
}

/**
 * Trains the candidate-generation softmax DNN on every watch (leave-last-out validation) and
 * reports validation recall@K over the whole catalogue after each epoch.
 */
export async function trainRetrieval(
  spec: FeatureSpec,
  timelines: ReadonlyMap<string, Timeline>,
  users: ReadonlyMap<string, User>,
  itemWatches: Float64Array,
  config: RetrievalTrainConfig,
  progress: Progress,
  /** The catalogue, for the item tower's content features (needed unless itemRepresentation is `id`). */
  catalogue: readonly Item[] = [],
): Promise<RetrievalResult> {
  const t0 = performance.now();
  const data = buildRetrievalData(spec, timelines.values(), users, true, config.exampleAge);
  const numItems = spec.items.ids.length;
  // Item ages are measured at the end of the data, as they will be for items added later "now".
  const itemFeatureTime = dataEnd(timelines.values());
  const model = new SoftmaxDnn({
    numItems,
    denseWidth: queryDenseWidth(spec),
    historyLength: spec.historyLength,
    dim: config.dim,
    hidden: config.hidden,
    seed: config.seed,
    exampleAge: config.exampleAge,
    itemRepresentation: config.itemRepresentation,
    itemFeatureWidth: itemFeatureWidth(spec),
    itemHidden: config.itemHidden,
    idBuckets: config.idBuckets,
    lastItemInput: config.lastItemInput,
    ...(config.recentSlots > 0 ? { recentSlots: config.recentSlots } : {}),
    timeDecayInput: config.timeDecayInput,
  });
  model.setItemIds(spec.items.ids);
  model.setItemFeatures(itemFeatureMatrix(spec, catalogue, itemFeatureTime));
  // log Q(j): the expected count of item j among a batch's negatives: B·p(j) as some example's
  // positive, plus M/(N−1) from the uniform draws.
  const total = itemWatches.reduce((a, b) => a + b, 0) || 1;
  const uniformRate = config.uniformNegatives / Math.max(1, numItems - 1);
  const logQAll = Float32Array.from(itemWatches, (c) =>
    Math.log((config.batchSize * Math.max(c, 0.5)) / total + uniformRate),
  );
  const rng = createRng(config.seed + 13);
  const optimizer = createAdam(config.learningRate);
  // Early stopping: remember the best epoch's weights (by validation NDCG@10) and restore them.
  let best = { ndcg: -1, epoch: 0, weights: undefined as tf.Tensor[] | undefined };
  const curve = await fit({
    variables: model.variables(),
    optimizer,
    size: data.train.size,
    batchSize: config.batchSize,
    epochs: epochsFor(data.train.size, config),
    seed: config.seed,
    progress,
    label: 'retrieval',
    loss: (rows) => {
      const batch = selectRows(spec, data.train, rows);
      const query = model.query(batch);
      if (config.loss === 'full') return fullSoftmaxLoss(query, model.items(), batch.labels);
      const positives = model.candidates(batch.labels);
      const penalty = () =>
        tf
          .mul(config.l2, tf.add(tf.sum(tf.square(positives)), tf.sum(tf.square(query))))
          .div(batch.size) as tf.Scalar;
      let loss: tf.Scalar;
      if (config.loss === 'positives-only') loss = positivesOnlyLoss(query, positives);
      else
        loss = inBatchSoftmaxLoss(
          query,
          positives,
          batch.labels,
          Float32Array.from(batch.labels, (l) => logQAll[l]),
          extraNegatives(model, query, batch, logQAll, config, rng.next),
        );
      return config.l2 > 0 ? tf.add(loss, penalty()) : loss;
    },
    afterEpoch: async (epoch) => {
      const v = evaluateRetrieval(model, spec, data.valid, data.validExclude);
      if (v.ndcg10 > best.ndcg) {
        tf.dispose(best.weights);
        best = { ndcg: v.ndcg10, epoch, weights: model.variables().map((w) => tf.clone(w)) };
      }
      const stop = data.valid.size > 0 && epoch - best.epoch >= config.patience;
      return { metrics: { recall100: v.recall[100], ndcg10: v.ndcg10 }, stop };
    },
  });
  optimizer.dispose();
  if (best.weights) {
    for (const [i, v] of model.variables().entries()) v.assign(best.weights[i]);
    tf.dispose(best.weights);
  }
  const validation = evaluateRetrieval(model, spec, data.valid, data.validExclude);
  return {
    model,
    curve,
    validation,
    trainExamples: data.train.size,
    itemFeatureTime,
    ms: Math.round(performance.now() - t0),
  };
}
