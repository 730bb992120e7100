import type { Timeline } from '../data/interactions.ts';
import type { User } from '../data/types.ts';
import { type RankingSummary, rankOf, summarizeRanks } from '../evaluation/metrics.ts';
import { type FeatureSpec, queryDenseWidth } from '../features/spec.ts';
import {
  fullSoftmaxLoss,
  inBatchSoftmaxLoss,
  positivesOnlyLoss,
} from '../models/retrieval/sampled-softmax.ts';
import { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';
import { type EpochLog, fit } from './loop.ts';
import type { Progress } from './progress.ts';
import { buildRetrievalData, type QueryExamples, selectRows } from './query-examples.ts';

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
  loss: 'in-batch',
  exampleAge: false,
  seed: 7,
};

export interface RetrievalResult {
  model: SoftmaxDnn;
  curve: EpochLog[];
  validation: RankingSummary;
  trainExamples: number;
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
    const scores = readTidy(() => tf.matMul(model.query(batch), model.itemEmbedding, false, true));
    idx.forEach((r, i) => {
      ranks.push(rankOf(scores, i * numItems, numItems, valid.labels[r], exclude[r]));
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
): Promise<RetrievalResult> {
  const t0 = performance.now();
  const data = buildRetrievalData(spec, timelines.values(), users, true, config.exampleAge);
  const numItems = spec.items.ids.length;
  const model = new SoftmaxDnn({
    numItems,
    denseWidth: queryDenseWidth(spec),
    historyLength: spec.historyLength,
    dim: config.dim,
    hidden: config.hidden,
    seed: config.seed,
    exampleAge: config.exampleAge,
  });
  // log Q(j): the chance that item j is some example's positive, i.e. appears in a batch.
  const total = itemWatches.reduce((a, b) => a + b, 0) || 1;
  const logQAll = Float32Array.from(itemWatches, (c) => Math.log(Math.max(c, 0.5) / total));
  const optimizer = tf.train.adam(config.learningRate);
  // Early stopping: remember the best epoch's weights (by validation NDCG@10) and restore them.
  let best = { ndcg: -1, epoch: 0, weights: undefined as tf.Tensor[] | undefined };
  const curve = await fit({
    variables: model.variables(),
    optimizer,
    size: data.train.size,
    batchSize: config.batchSize,
    epochs: config.epochs,
    seed: config.seed,
    progress,
    label: 'retrieval',
    loss: (rows) => {
      const batch = selectRows(spec, data.train, rows);
      const query = model.query(batch);
      if (config.loss === 'full')
        return fullSoftmaxLoss(query, model.itemEmbedding as tf.Tensor2D, batch.labels);
      const positives = tf.gather(model.itemEmbedding, tf.tensor1d(batch.labels, 'int32')) as tf.Tensor2D;
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
  return { model, curve, validation, trainExamples: data.train.size, ms: Math.round(performance.now() - t0) };
}
