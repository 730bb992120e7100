import { DEFAULT_SOURCES } from '../bundle/sources-config.ts';
import type { Timeline } from '../data/interactions.ts';
import type { User } from '../data/types.ts';
import type { ItemTable } from '../features/item-table.ts';
import { rankerWidth } from '../features/ranking.ts';
import type { FeatureSpec } from '../features/spec.ts';
import { Ranker } from '../models/ranking/ranker.ts';
import { weightedLogisticLoss } from '../models/ranking/weighted-logistic.ts';
import type { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import { tf } from '../runtime/tf.ts';
import { createAdam } from './adam.ts';
import { type EpochLog, epochsFor, fit } from './loop.ts';
import type { Progress } from './progress.ts';
import type { RankerTrainConfig } from './ranker-config.ts';
import { defaultWatchTime, type RankerExamples, range, rawExamples, subset } from './ranker-examples.ts';
import { buildRankerExamples } from './ranker-features.ts';
import { type RankerMetrics, rankerMetrics } from './ranker-metrics.ts';

export { retrievalRank } from './rank-columns.ts';
export { DEFAULT_RANKER_CONFIG, type RankerTrainConfig } from './ranker-config.ts';
export type { RankerExamples } from './ranker-examples.ts';

export interface RankerResult {
  model: Ranker;
  /** The ranker reads source columns: trained on the replayed merged candidate sets. */
  sourceFeatures: boolean;
  curve: EpochLog[];
  validation: RankerMetrics;
  trainExamples: number;
  ms: number;
  /** The examples' split, for comparison scorers trained on exactly the same data. */
  split: { train: RankerExamples; valid: RankerExamples };
}

/** The ranker's examples, split by time: the latest `validShare` are the validation set. */
function rankerSplit(
  spec: FeatureSpec,
  items: ItemTable,
  retrieval: SoftmaxDnn,
  timelines: ReadonlyMap<string, Timeline>,
  users: ReadonlyMap<string, User>,
  config: RankerTrainConfig,
): RankerResult['split'] {
  const raw = rawExamples(spec, retrieval, timelines, users, config, items);
  const all = buildRankerExamples(
    spec,
    items,
    retrieval,
    timelines,
    users,
    raw,
    defaultWatchTime(raw),
    config.seed,
    config.sourceFeatures ? { config: DEFAULT_SOURCES, quotas: config.sourceQuotas } : undefined,
  );
  const width = rankerWidth(spec, retrieval.config.dim, config.sourceFeatures);
  const cut = Math.floor(all.size * (1 - config.validShare));
  return { train: range(all, 0, cut, width), valid: range(all, cut, all.size, width) };
}

/**
 * Trains the ranking DNN with watch-time-weighted logistic loss on impressions, validating on
 * the latest `validShare` of them (AUC, and AUC with positives weighted by watch time).
 */
export async function trainRanker(
  spec: FeatureSpec,
  items: ItemTable,
  retrieval: SoftmaxDnn,
  timelines: ReadonlyMap<string, Timeline>,
  users: ReadonlyMap<string, User>,
  config: RankerTrainConfig,
  progress: Progress,
): Promise<RankerResult> {
  const t0 = performance.now();
  const { train, valid } = rankerSplit(spec, items, retrieval, timelines, users, config);
  const width = rankerWidth(spec, retrieval.config.dim, config.sourceFeatures);
  const model = new Ranker({ inputWidth: width, hidden: config.hidden, seed: config.seed });
  const optimizer = createAdam(config.learningRate);
  const validate = () => rankerMetrics(valid, model.score(valid.features, valid.size));
  const curve = await fit({
    variables: model.variables(),
    optimizer,
    size: train.size,
    batchSize: config.batchSize,
    epochs: epochsFor(train.size, config),
    seed: config.seed,
    progress,
    label: 'ranker',
    loss: (rows) => {
      const b = subset(train, rows, width);
      return weightedLogisticLoss(
        model.logits(tf.tensor2d(b.features, [b.size, width])),
        b.labels,
        config.loss === 'logistic' ? new Float32Array(b.size).fill(1) : b.weights,
      );
    },
    afterEpoch: async () => {
      const v = validate();
      return { metrics: { auc: v.auc, weightedAuc: v.weightedAuc } };
    },
  });
  optimizer.dispose();
  return {
    model,
    sourceFeatures: config.sourceFeatures,
    curve,
    validation: validate(),
    trainExamples: train.size,
    ms: Math.round(performance.now() - t0),
    split: { train, valid },
  };
}
