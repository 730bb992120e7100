import { createRng } from '../data/demo/rng.ts';
import type { Timeline } from '../data/interactions.ts';
import type { Item, User } from '../data/types.ts';
import { ConfigError } from '../errors.ts';
import { itemFeatureMatrix, itemFeatureWidth } from '../features/item-features.ts';
import { buildRetrievalData, type QueryExamples, selectRows } from '../features/query.ts';
import { buildSequenceSet, type SequenceSet, sequenceBatch } from '../features/sequence.ts';
import { type FeatureSpec, queryDenseWidth } from '../features/spec.ts';
import {
  type ExtraNegatives,
  fullSoftmaxLoss,
  inBatchSoftmaxLoss,
  positivesOnlyLoss,
} from '../models/retrieval/sampled-softmax.ts';
import { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import { topK } from '../models/top-k.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';
import { type RetrievalTrainConfig, searchSlots } from './retrieval-config.ts';
import type { SparseTables } from './sparse-tables.ts';

/**
 * The pieces of retrieval training that the tuning run, the refit and its worker thread share:
 * the network as configured, log Q, and the loss of one minibatch.
 */

/**
 * log Q(j): the expected count of item j among a batch's negatives: B·p(j) as some example's
 * positive, plus M/(N−1) from the uniform draws.
 */
export function logQ(itemWatches: Float64Array, config: RetrievalTrainConfig): Float32Array {
  const total = itemWatches.reduce((a, b) => a + b, 0) || 1;
  const uniformRate = config.uniformNegatives / Math.max(1, itemWatches.length - 1);
  return Float32Array.from(itemWatches, (c) =>
    Math.log((config.batchSize * Math.max(c, 0.5)) / total + uniformRate),
  );
}

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

/** A fresh, seeded network for this vocabulary, with its items' ids and content features set. */
export function createModel(
  spec: FeatureSpec,
  config: RetrievalTrainConfig,
  catalogue: readonly Item[],
  itemFeatureTime: number,
): SoftmaxDnn {
  const model = new SoftmaxDnn({
    numItems: spec.items.ids.length,
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
    timeDecayInput: config.timeDecayInput,
    attentionInput: config.attentionInput,
    ...(searchSlots(config) > 0
      ? { searchBuckets: config.searchBuckets, searchLength: config.searchLength }
      : {}),
  });
  model.setItemIds(spec.items.ids);
  model.setItemFeatures(itemFeatureMatrix(spec, catalogue, itemFeatureTime));
  return model;
}

/** The configured loss of a batch's queries: `batch` gives each row's label and history. */
function queryLoss(
  model: SoftmaxDnn,
  query: tf.Tensor2D,
  batch: QueryExamples,
  config: RetrievalTrainConfig,
  logQAll: Float32Array,
  random: () => number,
  groups?: Int32Array,
): tf.Scalar {
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
      extraNegatives(model, query, batch, logQAll, config, random),
      groups,
    );
  return config.l2 > 0 ? tf.add(loss, penalty()) : loss;
}

/** The configured loss of one minibatch of `examples` (rows) under `model`. */
export function retrievalLoss(
  model: SoftmaxDnn,
  spec: FeatureSpec,
  examples: QueryExamples,
  config: RetrievalTrainConfig,
  logQAll: Float32Array,
  random: () => number,
  sparse?: SparseTables,
): (rows: Int32Array) => tf.Scalar {
  return (rows) => {
    const batch = selectRows(spec, examples, rows);
    const loss = () => queryLoss(model, model.query(batch), batch, config, logQAll, random);
    return sparse ? sparse.within(batch, loss) : loss();
  };
}

/** The configured loss of a minibatch of `set`'s windows: every position of each one. */
export function sequenceLoss(
  model: SoftmaxDnn,
  spec: FeatureSpec,
  set: SequenceSet,
  config: RetrievalTrainConfig,
  logQAll: Float32Array,
  random: () => number,
): (windows: Int32Array) => tf.Scalar {
  return (windows) => {
    const { batch, rows, groups } = sequenceBatch(spec, set, windows);
    return queryLoss(model, model.querySequences(batch), rows, config, logQAll, random, groups);
  };
}

/**
 * What `fit` steps over: per-cut example rows, or (sequenceTraining) windows of the users'
 * sequences, as many a batch as make `batchSize` positions on average.
 */
export interface TrainingUnits {
  /** Units `fit` shuffles and batches. */
  size: number;
  /** Units per batch. */
  batchSize: number;
  /** Training examples (positions) in all. */
  examples: number;
  /**
   * The configured loss of a batch of units, its random stream (uniform negatives) drawn from
   * the config's seed: the tuning run, the sequential refit and the refit thread each start the
   * same stream, which is what makes the thread's weights equal the sequential ones.
   */
  loss(model: SoftmaxDnn, logQAll: Float32Array, sparse?: SparseTables): (units: Int32Array) => tf.Scalar;
}

/**
 * The training units of `timelines` as configured; `rows` are buildRetrievalData's training rows
 * where the caller has them (else they are built here).
 */
export function trainingUnits(
  spec: FeatureSpec,
  timelines: Iterable<Timeline>,
  users: ReadonlyMap<string, User>,
  config: RetrievalTrainConfig,
  holdOut: boolean,
  rows?: QueryExamples,
): TrainingUnits {
  const random = () => createRng(config.seed + 13).next;
  if (!config.sequenceTraining) {
    const examples =
      rows ??
      buildRetrievalData(spec, timelines, users, holdOut, config.exampleAge, true, searchSlots(config)).train;
    return {
      size: examples.size,
      batchSize: config.batchSize,
      examples: examples.size,
      loss: (model, logQAll, sparse) =>
        retrievalLoss(model, spec, examples, config, logQAll, random(), sparse),
    };
  }
  if (config.attentionInput) throw new ConfigError('sequence training does not support attentionInput');
  const set = buildSequenceSet(timelines, users, config.sequenceWindow, holdOut, config.exampleAge);
  const perWindow = set.positions / Math.max(1, set.windows.length);
  return {
    size: set.windows.length,
    batchSize: Math.max(1, Math.round(config.batchSize / Math.max(1, perWindow))),
    examples: set.positions,
    loss: (model, logQAll) => sequenceLoss(model, spec, set, config, logQAll, random()),
  };
}
