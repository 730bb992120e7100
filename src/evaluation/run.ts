import { createRng } from '../data/demo/rng.ts';
import { buildTimelines, watchCounts } from '../data/interactions.ts';
import type { Dataset } from '../data/loaders/jsonl.ts';
import { createFeatureSpec } from '../features/spec.ts';

/** Added to re-ranked candidates' scores so they stay ahead of every non-candidate. */
const RANKED = 1e4; // float32 scores: large enough to lead, small enough to keep ~1e-3 resolution

import { type Split, splitTimelines } from '../data/split.ts';
import { trainingItemTable } from '../features/item-table.ts';
import { allocateExamples, buildRetrievalData, selectRows, writeExample } from '../features/query.ts';
import { candidateFeatures, queryRow, ranksWithExcluded } from '../features/ranking.ts';
import { DEFAULT_WALS, fitWals, type WalsConfig, walsScores } from '../models/baselines/wals.ts';
import { RetrievalAccumulator, type RetrievalMetrics } from '../models/metrics/accumulator.ts';
import { topK } from '../models/top-k.ts';
import { readTidy } from '../runtime/read.ts';
import { tf } from '../runtime/tf.ts';
import { learnBlend } from '../training/blend.ts';
import type { EpochLog } from '../training/loop.ts';
import type { Progress } from '../training/progress.ts';
import { DEFAULT_RANKER_CONFIG, type RankerTrainConfig, trainRanker } from '../training/train-ranker.ts';
import {
  DEFAULT_RETRIEVAL_CONFIG,
  type RetrievalTrainConfig,
  trainRetrieval,
} from '../training/train-retrieval.ts';
import { evaluateServed, REPLAY_DELAY_MS, SERVED_K } from './served.ts';

export const EVAL_MODELS = [
  'softmax',
  'pipeline',
  'two-tower',
  'served',
  'served-replay',
  'softmax-positives-only',
  'wals',
  'popular',
] as const;
export type EvalModel = (typeof EVAL_MODELS)[number];

export interface EvalOptions {
  models: EvalModel[];
  split: Split;
  retrieval: RetrievalTrainConfig;
  ranker: RankerTrainConfig;
  /** Candidates the pipeline's ranker reorders per user. */
  candidates: number;
  wals: WalsConfig;
  historyLength: number;
}

export const DEFAULT_EVAL: EvalOptions = {
  models: [...EVAL_MODELS],
  split: 'leave-last-out',
  retrieval: DEFAULT_RETRIEVAL_CONFIG,
  ranker: DEFAULT_RANKER_CONFIG,
  candidates: 200,
  wals: DEFAULT_WALS,
  historyLength: 10,
};

export interface ModelResult extends RetrievalMetrics {
  model: EvalModel;
  /** pipeline only: the ranker's blend weight β learnt on the validation split. */
  blendBeta?: number;
  trainMs: number;
  curve?: EpochLog[];
}

export interface EvalReport {
  data: { source: string; items: number; users: number; events: number; testUsers: number };
  split: Split;
  /** Share of held-out items outside the user's planted topics: what a perfect model would show. */
  truthOffTopicShare?: number;
  results: ModelResult[];
}

/**
 * Evaluation over the whole catalogue (factorized top-K): held-out watches from
 * {@link splitTimelines}, models train on what came before, and each user's training items are
 * excluded from the ranking.
 */
export async function evaluate(dataset: Dataset, opts: EvalOptions, progress: Progress): Promise<EvalReport> {
  const spec = createFeatureSpec(dataset.items, dataset.users, opts.historyLength);
  const numItems = spec.items.ids.length;
  const all = buildTimelines(dataset.events, spec.items);
  const users = new Map(dataset.users.map((u) => [u.userId, u]));
  const { train, tests } = splitTimelines(all, opts.split);
  const counts = watchCounts(train.values(), numItems);
  const excludes = tests.map((t) => new Set(train.get(t.userId)!.watches.map((w) => w.item)));
  const topicOf = new Map(dataset.items.map((it) => [spec.items.index.get(it.itemId)!, it.topic]));
  const planted = (userId: string) => {
    const topics = dataset.truth?.userTopics[userId];
    if (!topics) return undefined;
    return (item: number) => topics.includes(topicOf.get(item) ?? '');
  };
  const results: ModelResult[] = [];

  for (const model of opts.models) {
    const acc = new RetrievalAccumulator(numItems, counts);
    const t0 = performance.now();
    let curve: EpochLog[] | undefined;
    let blendBeta: number | undefined;
    let trainMs = 0;
    if (model === 'served' || model === 'served-replay') {
      const r = await evaluateServed(
        dataset,
        tests,
        spec.items,
        {
          historyLength: opts.historyLength,
          retrieval: opts.retrieval,
          ranker: opts.ranker,
          candidates: opts.candidates,
        },
        progress,
        (row, scores) =>
          acc.add(
            scores,
            0,
            tests[row].item,
            excludes[row],
            planted(tests[row].userId),
            tests[row].watchTimeSec,
            SERVED_K,
          ),
        model === 'served-replay' ? REPLAY_DELAY_MS : 0,
      );
      trainMs = r.trainMs;
      blendBeta = r.beta;
    } else if (model === 'popular') {
      trainMs = performance.now() - t0;
      const scores = Float32Array.from(counts);
      tests.forEach((t, r) => {
        acc.add(scores, 0, t.item, excludes[r], planted(t.userId), t.watchTimeSec);
      });
    } else if (model === 'wals') {
      const userIndex = new Map(tests.map((t, r) => [t.userId, r]));
      const lists = tests.map((t) => train.get(t.userId)!.watches.map((w) => w.item));
      // Users without a test item still carry signal for the item factors.
      for (const [id, tl] of train) if (!userIndex.has(id)) lists.push(tl.watches.map((w) => w.item));
      const rng = createRng(opts.wals.seed);
      const m = fitWals(lists, numItems, opts.wals, rng.next);
      trainMs = performance.now() - t0;
      progress.log(
        `wals: ${opts.wals.iterations} sweeps, d=${opts.wals.dim} (${(trainMs / 1000).toFixed(1)} s)`,
      );
      tests.forEach((t, r) => {
        acc.add(walsScores(m, r, numItems), 0, t.item, excludes[r], planted(t.userId), t.watchTimeSec);
      });
    } else {
      const loss = model === 'softmax-positives-only' ? 'positives-only' : opts.retrieval.loss;
      // two-tower: the same query tower, items embedded by the content tower alone.
      const itemRepresentation = model === 'two-tower' ? 'tower' : opts.retrieval.itemRepresentation;
      const r = await trainRetrieval(
        spec,
        train,
        users,
        counts,
        { ...opts.retrieval, loss, itemRepresentation },
        progress,
        dataset.items,
      );
      trainMs = r.ms;
      curve = r.curve;
      const q = allocateExamples(spec, tests.length);
      tests.forEach((t, i) => {
        writeExample(
          spec,
          q,
          i,
          train.get(t.userId)!.watches.map((w) => w.item),
          users.get(t.userId),
          t,
          t.item,
          train.get(t.userId)!.watches.map((w) => w.time),
        );
      });
      let cleanup = () => {};
      let rerank:
        | ((row: number, scores: Float32Array, offset: number, psi: Float32Array, psiOffset: number) => void)
        | undefined;
      if (model === 'pipeline') {
        // Second stage: the ranker reorders each user's top-N retrieved candidates; items
        // beyond N keep their retrieval order behind them (+RANKED lifts the candidates).
        const itemTable = trainingItemTable(spec, dataset.items, counts, train.values());
        const ranker = await trainRanker(spec, itemTable, r.model, train, users, opts.ranker, progress);
        const v = buildRetrievalData(spec, train.values(), users);
        const { beta } = learnBlend(
          spec,
          itemTable,
          r.model,
          ranker.model,
          v.valid,
          v.validExclude,
          v.validTime,
          opts.candidates,
        );
        blendBeta = beta;
        progress.log(`pipeline: blend β = ${beta} learnt on the validation split`);
        trainMs += ranker.ms;
        const dim = opts.retrieval.dim;
        const rankCtx = { spec, items: itemTable, vectors: r.model.itemVectors(), dim };
        rerank = (row, scores, offset, psi, psiRow) => {
          const masked = scores.slice(offset, offset + numItems);
          masked[0] = Number.NEGATIVE_INFINITY;
          for (const e of excludes[row]) masked[e] = Number.NEGATIVE_INFINITY;
          const cands = topK(masked, opts.candidates);
          const feats = candidateFeatures(
            rankCtx,
            queryRow(spec, dim, q, row, psi, psiRow, tests[row].time),
            cands,
            ranksWithExcluded(scores.subarray(offset, offset + numItems), cands, excludes[row]),
          );
          const ws = ranker.model.score(feats, cands.length);
          cands.forEach((item, c) => {
            scores[offset + item] = RANKED + masked[item] + beta * Math.log(Math.max(ws[c], 1e-12));
          });
        };
        cleanup = () => ranker.model.dispose();
      }
      const chunk = Math.max(1, Math.floor(4_000_000 / numItems));
      for (let s = 0; s < tests.length; s += chunk) {
        const rows = Array.from({ length: Math.min(chunk, tests.length - s) }, (_, i) => s + i);
        const [scores, psi] = readTidy(() => {
          const query = r.model.query(selectRows(spec, q, rows));
          return [tf.matMul(query, r.model.items(), false, true), query];
        });
        rows.forEach((row, i) => {
          rerank?.(row, scores, i * numItems, psi, i);
          acc.add(
            scores,
            i * numItems,
            tests[row].item,
            excludes[row],
            planted(tests[row].userId),
            tests[row].watchTimeSec,
          );
        });
      }
      cleanup();
      r.model.dispose();
    }
    results.push({
      model,
      ...acc.result(),
      trainMs: Math.round(trainMs),
      ...(curve ? { curve } : {}),
      ...(blendBeta !== undefined ? { blendBeta } : {}),
    });
  }
  const truthFns = tests.map((t) => planted(t.userId));
  const truthOffTopicShare = truthFns.every((f) => f)
    ? tests.filter((t, i) => !truthFns[i]!(t.item)).length / Math.max(1, tests.length)
    : undefined;
  return {
    data: {
      source: dataset.source,
      items: dataset.items.length,
      users: all.size,
      events: dataset.events.length,
      testUsers: tests.length,
    },
    split: opts.split,
    ...(truthOffTopicShare !== undefined ? { truthOffTopicShare } : {}),
    results,
  };
}
