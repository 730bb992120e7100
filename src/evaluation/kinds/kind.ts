import type { OriginName, SourceQuotas } from '../../bundle/sources-config.ts';
import type { Timeline } from '../../data/interactions.ts';
import type { Dataset } from '../../data/loaders/jsonl.ts';
import type { Split, TestCase } from '../../data/split.ts';
import type { User } from '../../data/types.ts';
import type { FeatureSpec } from '../../features/spec.ts';
import type { WalsConfig } from '../../models/baselines/wals.ts';
import { RetrievalAccumulator, type RetrievalMetrics } from '../../models/metrics/accumulator.ts';
import { type ItemProviders, itemProviders } from '../../models/metrics/exposure.ts';
import type { EpochLog } from '../../training/loop.ts';
import type { Progress } from '../../training/progress.ts';
import type { RankerTrainConfig } from '../../training/train-ranker.ts';
import type { RetrievalTrainConfig } from '../../training/train-retrieval.ts';

/** Everything about an evaluation that a model kind may read (which kinds run is the caller's). */
export interface KindOptions {
  split: Split;
  retrieval: RetrievalTrainConfig;
  ranker: RankerTrainConfig;
  /** Candidates the pipeline's ranker reorders per user. */
  candidates: number;
  wals: WalsConfig;
  historyLength: number;
  /** Candidate quotas of the `served-sources` kind (unset sources: ALL_SOURCES). */
  sources?: Partial<SourceQuotas>;
  /** Which test users the metrics count (evaluation/test-users.ts; default all). */
  users?: 'all' | 'few-watches';
}

/** The split data every kind trains on and is measured against, computed once per evaluation. */
export interface EvalContext {
  dataset: Dataset;
  opts: KindOptions;
  progress: Progress;
  spec: FeatureSpec;
  numItems: number;
  train: ReadonlyMap<string, Timeline>;
  tests: readonly TestCase[];
  users: ReadonlyMap<string, User>;
  /** Training watch counts per item index. */
  counts: Float64Array;
  /** Per test row: the user's training items, never ranked. */
  excludes: readonly Set<number>[];
  /** Per test row: whether the metrics count it (`--users`); undefined: every row counts. */
  measured?: readonly boolean[];
  /** Per user of the demo world: whether an item is of one of the user's planted topics. */
  planted: (userId: string) => ((item: number) => boolean) | undefined;
}

/** A kind's model fitted on the training split, with what the report says about the fit. */
export interface Fitted<M> {
  model: M;
  trainMs: number;
  curve?: EpochLog[];
  /** The ranker's blend weight β, for kinds that learn one. */
  blendBeta?: number;
  /** What the kind measured while scoring, for the report (read after `score`). */
  report?: () => Pick<ModelResult, 'sourceShare10'>;
}

/** Receives test row `row`'s scores over the catalogue at `scores[offset .. offset + numItems)`. */
export type ScoreSink = (row: number, scores: Float32Array, offset: number) => void;

export interface ModelResult extends RetrievalMetrics {
  model: string;
  /** pipeline and served: the ranker's blend weight β learnt on the validation split. */
  blendBeta?: number;
  trainMs: number;
  curve?: EpochLog[];
  /** served kinds: share of the top 10 each candidate source produced (an item of two counts for both). */
  sourceShare10?: Partial<Record<OriginName, number>>;
}

/**
 * One model kind of the evaluation. `train` fits on the split, `score` hands each test row's
 * catalogue scores to the sink, `dispose` frees the model; `evaluate` is the whole measurement,
 * {@link evaluateByScoring} unless a kind needs another protocol.
 */
export interface ModelKind<Name extends string = string, M = unknown> {
  readonly name: Name;
  /** Answers this long: ranks at or beyond it are misses (an API list says nothing past its end). */
  readonly listLength?: number;
  /** Why this kind cannot run on this data (then it is skipped with that reason), else undefined. */
  unsupported?(ctx: EvalContext): string | undefined;
  train(ctx: EvalContext): Promise<Fitted<M>>;
  score(model: M, ctx: EvalContext, sink: ScoreSink): Promise<void>;
  dispose?(model: M): void | Promise<void>;
  evaluate?(ctx: EvalContext): Promise<ModelResult>;
}

/**
 * Types a kind's model once, at its definition, so that the registration list can hold kinds
 * of different models side by side.
 */
export function defineKind<const Name extends string, M>(kind: ModelKind<Name, M>): ModelKind<Name> {
  return kind as unknown as ModelKind<Name>;
}

/** The evaluation catalogue's providers by item index, for the provider Gini (none: MovieLens). */
export function catalogueProviders(ctx: EvalContext): ItemProviders | undefined {
  const { dataset, spec } = ctx;
  if (!dataset?.items || !spec) return undefined;
  return itemProviders(dataset.items, (id) => spec.items.index.get(id) ?? 0, ctx.numItems);
}

/** The common protocol: train, rank each held-out item among the scores, summarise. */
export async function evaluateByScoring(kind: ModelKind, ctx: EvalContext): Promise<ModelResult> {
  const { tests, excludes, planted } = ctx;
  const acc = new RetrievalAccumulator(ctx.numItems, ctx.counts, catalogueProviders(ctx));
  const fitted = await kind.train(ctx);
  try {
    await kind.score(fitted.model, ctx, (row, scores, offset) => {
      if (ctx.measured && !ctx.measured[row]) return;
      const t = tests[row];
      acc.add(scores, offset, t.item, excludes[row], planted(t.userId), t.watchTimeSec, kind.listLength);
    });
  } finally {
    await kind.dispose?.(fitted.model);
  }
  return {
    model: kind.name,
    ...acc.result(),
    trainMs: Math.round(fitted.trainMs),
    ...(fitted.curve ? { curve: fitted.curve } : {}),
    ...(fitted.blendBeta !== undefined ? { blendBeta: fitted.blendBeta } : {}),
    ...fitted.report?.(),
  };
}
