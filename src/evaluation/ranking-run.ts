import { buildTimelines, watchCounts } from '../data/interactions.ts';
import type { Dataset } from '../data/loaders/jsonl.ts';
import { ConfigError } from '../errors.ts';
import { trainingItemTable } from '../features/item-table.ts';
import { rankerWidth } from '../features/ranking.ts';
import { createFeatureSpec } from '../features/spec.ts';
import { NeuMf } from '../models/ranking/neumf.ts';
import { weightedLogisticLoss } from '../models/ranking/weighted-logistic.ts';
import { createAdam } from '../training/adam.ts';
import { fit } from '../training/loop.ts';
import type { Progress } from '../training/progress.ts';
import { rankerMetrics } from '../training/ranker-metrics.ts';
import {
  DEFAULT_RANKER_CONFIG,
  type RankerResult,
  type RankerTrainConfig,
  trainRanker,
} from '../training/train-ranker.ts';
import { DEFAULT_RETRIEVAL_CONFIG, trainRetrieval } from '../training/train-retrieval.ts';

export interface ScorerResult {
  scorer: RankerTrainConfig['loss'] | 'neumf' | 'retrieval-order';
  auc: number;
  weightedAuc: number;
  watchTimeTop10: number;
  ndcg10WatchTime: number;
  examples: number;
  trainMs: number;
}

/**
 * Compares ranking losses on held-out impressions (the latest 10 % by time): the same DNN with
 * watch-time-weighted logistic loss and with plain logistic loss (click prediction), both on
 * impressions only, as in the YouTube paper. AUC, AUC with positives weighted by watch time,
 * watch time of each user's top 10, NDCG@10 with watch time as gain.
 */
export async function evaluateRanking(dataset: Dataset, progress: Progress): Promise<ScorerResult[]> {
  const spec = createFeatureSpec(dataset.items, dataset.users, 10);
  const timelines = buildTimelines(dataset.events, spec.items);
  if (![...timelines.values()].some((tl) => tl.impressions.length > 0)) {
    throw new ConfigError(
      `${dataset.source}: no impression events, so there is nothing to rank on held-out impressions`,
    );
  }
  const users = new Map(dataset.users.map((u) => [u.userId, u]));
  const counts = watchCounts(timelines.values(), spec.items.ids.length);
  const items = trainingItemTable(spec, dataset.items, counts, timelines.values());
  const retrieval = await trainRetrieval(
    spec,
    timelines,
    users,
    counts,
    // Rankers are compared on their own held-out impressions; the refit changes nothing there.
    { ...DEFAULT_RETRIEVAL_CONFIG, refit: false },
    progress,
    dataset.items,
  );
  const out: ScorerResult[] = [];
  let split: RankerResult['split'] | undefined;
  // Each ranker is trained with RANKER_SEEDS seeds and its metrics averaged: on 2,000-odd held-out
  // impressions one seed's watch-time figures move by about 1 %, as much as the losses differ.
  for (const loss of ['weighted-logistic', 'logistic'] as const) {
    const runs: ScorerResult[] = [];
    for (const seed of RANKER_SEEDS) {
      const cfg: RankerTrainConfig = {
        ...DEFAULT_RANKER_CONFIG,
        loss,
        seed,
        retrievalNegatives: 'without-impressions',
      };
      const r = await trainRanker(spec, items, retrieval.model, timelines, users, cfg, progress);
      const { auc, weightedAuc, watchTimeTop10, ndcg10WatchTime, examples } = r.validation;
      runs.push({ scorer: loss, auc, weightedAuc, watchTimeTop10, ndcg10WatchTime, examples, trainMs: r.ms });
      split = r.split;
      r.model.dispose();
    }
    out.push(meanOf(runs));
  }
  if (split) {
    out.push(await neumfScorer(split, spec.items.ids.length, progress));
    out.unshift(
      retrievalOrder(
        split.valid,
        rankerWidth(spec, retrieval.model.config.dim, DEFAULT_RANKER_CONFIG.sourceFeatures),
        retrieval.model.config.dim,
      ),
    );
  }
  retrieval.model.dispose();
  return out;
}

/** Seeds each ranking loss is trained with in the comparison. */
const RANKER_SEEDS = [11, 12, 13];

/** Metrics averaged over runs of one scorer. */
function meanOf(runs: readonly ScorerResult[]): ScorerResult {
  const mean = (f: (r: ScorerResult) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
  return {
    scorer: runs[0].scorer,
    auc: mean((r) => r.auc),
    weightedAuc: mean((r) => r.weightedAuc),
    watchTimeTop10: mean((r) => r.watchTimeTop10),
    ndcg10WatchTime: mean((r) => r.ndcg10WatchTime),
    examples: runs[0].examples,
    trainMs: Math.round(mean((r) => r.trainMs)),
  };
}

/** Metrics of one scorer's scores on the held-out examples. */
function scorerResult(
  scorer: ScorerResult['scorer'],
  valid: RankerResult['split']['valid'],
  scores: Float32Array,
  trainMs: number,
): ScorerResult {
  const m = rankerMetrics(valid, scores);
  const { auc, weightedAuc, watchTimeTop10, ndcg10WatchTime, examples } = m;
  return { scorer, auc, weightedAuc, watchTimeTop10, ndcg10WatchTime, examples, trainMs };
}

/**
 * The baseline the ranker must beat: the same held-out impressions ordered by the retrieval
 * score ψ(x)·v alone (the ranker's own input column, so nothing is recomputed).
 */
function retrievalOrder(valid: RankerResult['split']['valid'], width: number, dim: number): ScorerResult {
  const scores = Float32Array.from({ length: valid.size }, (_, r) => valid.features[r * width + 3 * dim]);
  return scorerResult('retrieval-order', valid, scores, 0);
}

/** NeuMF on the same impressions (ids only), plain logistic loss as in the NCF paper. */
async function neumfScorer(
  split: RankerResult['split'],
  numItems: number,
  progress: Progress,
): Promise<ScorerResult> {
  const t0 = performance.now();
  const { train, valid } = split;
  const numUsers =
    Math.max(
      train.user.reduce((m, u) => Math.max(m, u), 0),
      valid.user.reduce((m, u) => Math.max(m, u), 0),
    ) + 1;
  const model = new NeuMf({ numUsers, numItems, dim: 16, hidden: [32, 16], seed: 5 });
  const optimizer = createAdam(0.003);
  const pick = <T extends Int32Array | Float32Array>(a: T, rows: Int32Array): T =>
    a.constructor === Int32Array
      ? (Int32Array.from(rows, (r) => a[r]) as T)
      : (Float32Array.from(rows, (r) => a[r]) as T);
  await fit({
    variables: model.variables(),
    optimizer,
    size: train.size,
    batchSize: 512,
    epochs: DEFAULT_RANKER_CONFIG.epochs,
    seed: 9,
    progress,
    label: 'neumf',
    loss: (rows) =>
      weightedLogisticLoss(
        model.logits(pick(train.user, rows), pick(train.item, rows)),
        pick(train.labels, rows),
        new Float32Array(rows.length).fill(1),
      ),
  });
  optimizer.dispose();
  const scores = model.score(valid.user, valid.item);
  model.dispose();
  return scorerResult('neumf', valid, scores, Math.round(performance.now() - t0));
}
