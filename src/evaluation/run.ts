import { buildTimelines, watchCounts } from '../data/interactions.ts';
import type { Dataset } from '../data/loaders/jsonl.ts';
import { type Split, splitTimelines } from '../data/split.ts';
import { attachSearches } from '../features/search-history.ts';
import { createFeatureSpec } from '../features/spec.ts';
import { DEFAULT_WALS } from '../models/baselines/wals.ts';
import type { Progress } from '../training/progress.ts';
import { DEFAULT_RANKER_CONFIG } from '../training/train-ranker.ts';
import { DEFAULT_RETRIEVAL_CONFIG } from '../training/train-retrieval.ts';
import {
  type EvalContext,
  evaluateByScoring,
  type KindOptions,
  type ModelResult as KindResult,
} from './kinds/kind.ts';
import { DEFAULT_MODELS, EVAL_MODELS, type EvalModel, kindOf } from './kinds/registry.ts';
import { measuredRows, TEST_USERS_LABEL } from './test-users.ts';

export { DEFAULT_MODELS, EVAL_MODELS, type EvalModel };

export interface EvalOptions extends KindOptions {
  models: EvalModel[];
}

export const DEFAULT_EVAL: EvalOptions = {
  models: [...DEFAULT_MODELS],
  split: 'leave-last-out',
  retrieval: DEFAULT_RETRIEVAL_CONFIG,
  ranker: DEFAULT_RANKER_CONFIG,
  candidates: 200,
  wals: DEFAULT_WALS,
  historyLength: 10,
};

export interface ModelResult extends KindResult {
  model: EvalModel;
}

export interface EvalReport {
  data: {
    source: string;
    items: number;
    users: number;
    events: number;
    /** Test users the metrics count (all, or the `--users` subset). */
    testUsers: number;
    /** With `--users` other than all: which test users those are. */
    testSubset?: string;
  };
  split: Split;
  /** Share of held-out items outside the user's planted topics: what a perfect model would show. */
  truthOffTopicShare?: number;
  results: ModelResult[];
}

/** The split and what every kind reads of it. */
export function evalContext(dataset: Dataset, opts: EvalOptions, progress: Progress): EvalContext {
  const spec = createFeatureSpec(dataset.items, dataset.users, opts.historyLength);
  const numItems = spec.items.ids.length;
  const { train, tests } = splitTimelines(buildTimelines(dataset.events, spec.items), opts.split);
  attachSearches(train, dataset.searches ?? [], opts.retrieval.searchBuckets);
  const measured = measuredRows(opts.users ?? 'all', train, tests);
  const topicOf = new Map(dataset.items.map((it) => [spec.items.index.get(it.itemId)!, it.topic]));
  return {
    dataset,
    opts,
    progress,
    spec,
    numItems,
    train,
    tests,
    users: new Map(dataset.users.map((u) => [u.userId, u])),
    counts: watchCounts(train.values(), numItems),
    excludes: tests.map((t) => new Set(train.get(t.userId)!.watches.map((w) => w.item))),
    ...(measured ? { measured } : {}),
    planted: (userId) => {
      const topics = dataset.truth?.userTopics[userId];
      if (!topics) return undefined;
      return (item) => topics.includes(topicOf.get(item) ?? '');
    },
  };
}

/**
 * Evaluation over the whole catalogue (factorized top-K): held-out watches from
 * {@link splitTimelines}, models train on what came before, and each user's training items are
 * excluded from the ranking. Each requested kind (kinds/registry.ts) is measured in turn.
 */
export async function evaluate(dataset: Dataset, opts: EvalOptions, progress: Progress): Promise<EvalReport> {
  const ctx = evalContext(dataset, opts, progress);
  const results: ModelResult[] = [];
  for (const name of opts.models) {
    const kind = kindOf(name);
    const reason = kind.unsupported?.(ctx);
    if (reason) {
      progress.log(`${name}: skipped (${reason})`);
      continue;
    }
    const result = await (kind.evaluate ? kind.evaluate(ctx) : evaluateByScoring(kind, ctx));
    results.push({ ...result, model: name });
  }
  const tests = ctx.tests.filter((_, i) => ctx.measured?.[i] ?? true);
  const truthFns = tests.map((t) => ctx.planted(t.userId));
  const truthOffTopicShare = truthFns.every((f) => f)
    ? tests.filter((t, i) => !truthFns[i]!(t.item)).length / Math.max(1, tests.length)
    : undefined;
  return {
    data: {
      source: dataset.source,
      items: dataset.items.length,
      users: ctx.train.size,
      events: dataset.events.length,
      testUsers: tests.length,
      ...(opts.users && opts.users !== 'all' ? { testSubset: TEST_USERS_LABEL[opts.users] } : {}),
    },
    split: opts.split,
    ...(truthOffTopicShare !== undefined ? { truthOffTopicShare } : {}),
    results,
  };
}
