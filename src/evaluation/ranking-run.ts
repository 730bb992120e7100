import { buildTimelines, watchCounts } from '../data/interactions.ts';
import type { Dataset } from '../data/loaders/jsonl.ts';
import { ConfigError } from '../errors.ts';
import { createItemTable } from '../features/item-table.ts';
import { createFeatureSpec } from '../features/spec.ts';
import type { Progress } from '../training/progress.ts';
import { DEFAULT_RANKER_CONFIG, type RankerTrainConfig, trainRanker } from '../training/train-ranker.ts';
import { DEFAULT_RETRIEVAL_CONFIG, trainRetrieval } from '../training/train-retrieval.ts';

export interface ScorerResult {
  scorer: RankerTrainConfig['loss'];
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
  const items = createItemTable(spec, dataset.items, counts);
  const retrieval = await trainRetrieval(spec, timelines, users, counts, DEFAULT_RETRIEVAL_CONFIG, progress);
  const out: ScorerResult[] = [];
  for (const loss of ['weighted-logistic', 'logistic'] as const) {
    const cfg: RankerTrainConfig = {
      ...DEFAULT_RANKER_CONFIG,
      loss,
      retrievalNegatives: 'without-impressions',
    };
    const r = await trainRanker(spec, items, retrieval.model, timelines, users, cfg, progress);
    const { auc, weightedAuc, watchTimeTop10, ndcg10WatchTime, examples } = r.validation;
    out.push({ scorer: loss, auc, weightedAuc, watchTimeTop10, ndcg10WatchTime, examples, trainMs: r.ms });
    r.model.dispose();
  }
  retrieval.model.dispose();
  return out;
}
