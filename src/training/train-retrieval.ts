import type { Timeline } from '../data/interactions.ts';
import type { Item, User } from '../data/types.ts';
import {
  buildRetrievalData,
  dataEnd,
  type QueryExamples,
  type RetrievalData,
  selectRows,
} from '../features/query.ts';
import type { FeatureSpec } from '../features/spec.ts';
import { type RankingSummary, summarizeRanks } from '../models/metrics/metrics.ts';
import type { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import { rankOf } from '../models/top-k.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';
import { createAdam } from './adam.ts';
import { type EpochLog, epochsFor, fit } from './loop.ts';
import type { Progress } from './progress.ts';
import { startRefit } from './refit.ts';
import { type RetrievalTrainConfig, resolveSearchInput, searchSlots } from './retrieval-config.ts';
import { createModel, logQ, trainingUnits } from './retrieval-model.ts';
import { sparseTables } from './sparse-tables.ts';

export { DEFAULT_RETRIEVAL_CONFIG, type RetrievalTrainConfig } from './retrieval-config.ts';

export interface RetrievalResult {
  /** The network to serve: the refit on every watch when `refit` ran, else the tuned one. */
  model: SoftmaxDnn;
  /**
   * With refit: the early-stopped network that never saw the validation rows, for what is
   * judged on them (the ranker's blend weight). The caller disposes it.
   */
  tuned?: SoftmaxDnn;
  curve: EpochLog[];
  validation: RankingSummary;
  trainExamples: number;
  /** The validation rows it stopped on, for the index's recall queries and the blend. */
  valid: Pick<RetrievalData, 'valid' | 'validExclude' | 'validTime'>;
  /** Building the query examples from the timelines. */
  examplesMs: number;
  /** Reference time of the item tower's age feature (epoch ms), kept in the manifest. */
  itemFeatureTime: number;
  ms: number;
}

/** Ranks each validation row's held-out item against the whole catalogue. */
function evaluateRetrieval(
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
  // V once, not per chunk: at 1M items a chunk is 4 users, and the item tower over every item each time.
  const items = tf.tidy(() => model.items());
  for (let start = 0; start < rows; start += chunk) {
    const idx = Array.from({ length: Math.min(chunk, rows - start) }, (_, i) => start + i);
    const batch = selectRows(spec, valid, idx);
    const scores = readTidy(() => tf.matMul(model.query(batch), items, false, true));
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
  // In `id` mode V is the variable itself.
  if (items !== model.itemEmbedding) items.dispose();
  return summarizeRanks(ranks);
}

/**
 * Early stopping on validation NDCG@10: after each epoch, keeps a copy of the best epoch's
 * weights (telling `onBest`), asks to stop after `patience` epochs without a better one, and
 * `restore()` puts the best weights back.
 */
function earlyStopping(
  model: SoftmaxDnn,
  spec: FeatureSpec,
  data: RetrievalData,
  patience: number,
  onBest: (epoch: number) => void,
) {
  let best = { ndcg: -1, epoch: 0, weights: undefined as tf.Tensor[] | undefined };
  return {
    epoch: () => best.epoch,
    afterEpoch(epoch: number) {
      const v = evaluateRetrieval(model, spec, data.valid, data.validExclude);
      // Nothing held out (no user with two watches): nothing to choose on, the last epoch stands.
      if (v.ndcg10 > best.ndcg || data.valid.size === 0) {
        tf.dispose(best.weights);
        // Copies, not tf.clone (which shares the data): sparse Adam writes the id tables in place.
        best = { ndcg: v.ndcg10, epoch, weights: model.variables().map((w) => tf.add(w, 0)) };
        onBest(epoch);
      }
      const stop = data.valid.size > 0 && epoch - best.epoch >= patience;
      return { metrics: { recall100: v.recall[100], ndcg10: v.ndcg10 }, stop };
    },
    restore() {
      if (!best.weights) return;
      for (const [i, v] of model.variables().entries()) v.assign(best.weights[i]);
      tf.dispose(best.weights);
      best.weights = undefined;
    },
  };
}

/**
 * Trains the candidate-generation softmax DNN on every watch (leave-last-out validation) and
 * reports validation recall@K over the whole catalogue after each epoch.
 * Over 60 lines because it is one sequence with one try/catch: the refit thread started here must
 * be cancelled on any failure before the function returns.
 */
export async function trainRetrieval(
  spec: FeatureSpec,
  timelines: ReadonlyMap<string, Timeline>,
  users: ReadonlyMap<string, User>,
  itemWatches: Float64Array,
  asked: RetrievalTrainConfig,
  progress: Progress,
  /** The catalogue, for the item tower's content features (needed unless itemRepresentation is `id`). */
  catalogue: readonly Item[] = [],
): Promise<RetrievalResult> {
  const t0 = performance.now();
  const config = resolveSearchInput(asked, timelines.values());
  const perCut = !config.sequenceTraining;
  const data = buildRetrievalData(
    spec,
    timelines.values(),
    users,
    true,
    config.exampleAge,
    perCut,
    searchSlots(config),
  );
  const units = trainingUnits(spec, timelines.values(), users, config, true, perCut ? data.train : undefined);
  const examplesMs = Math.round(performance.now() - t0);
  // Item ages are measured at the end of the data, as they will be for items added later "now".
  const itemFeatureTime = dataEnd(timelines.values());
  const model = createModel(spec, config, catalogue, itemFeatureTime);
  const logQAll = logQ(itemWatches, config);
  const epochs = epochsFor(units.examples, config);
  // The refit on every watch starts now, beside the tuning where a second core allows it.
  const refit =
    config.refit && data.valid.size > 0
      ? startRefit(
          { spec, timelines, users, itemWatches, config, catalogue, itemFeatureTime, maxEpochs: epochs },
          tf.getBackend(),
        )
      : undefined;
  try {
    const optimizer = createAdam(config.learningRate);
    const sparse = sparseTables(model, config, optimizer);
    const best = earlyStopping(model, spec, data, config.patience, (epoch) => refit?.keepFrom(epoch));
    const curve = await fit({
      variables: sparse?.variables ?? model.variables(),
      optimizer,
      size: units.size,
      batchSize: units.batchSize,
      epochs,
      seed: config.seed,
      progress,
      label: 'retrieval',
      loss: units.loss(model, logQAll, sparse),
      afterEpoch: async (epoch) => best.afterEpoch(epoch),
    });
    optimizer.dispose();
    sparse?.dispose();
    best.restore();
    const validation = evaluateRetrieval(model, spec, data.valid, data.validExclude);
    const result = (final: SoftmaxDnn, tuned?: SoftmaxDnn): RetrievalResult => ({
      model: final,
      ...(tuned ? { tuned } : {}),
      curve,
      validation,
      trainExamples: units.examples,
      valid: { valid: data.valid, validExclude: data.validExclude, validTime: data.validTime },
      examplesMs,
      itemFeatureTime,
      ms: Math.round(performance.now() - t0),
    });
    if (!refit || best.epoch() === 0) {
      await refit?.cancel();
      return result(model);
    }
    // Same seed and schedule, every watch, the winning epoch count, no validation (its rows
    // are now training rows). `tuned` stays for what must be judged on unseen rows.
    const refitted = await refit.take(best.epoch(), progress);
    curve.push(...refitted.curve.map((c) => ({ ...c, epoch: curve.length + c.epoch, refit: 1 })));
    return result(refitted.model, model);
  } catch (e) {
    await refit?.cancel();
    throw e;
  }
}
