import { buildTimelines, type Timeline, watchCounts } from '../../src/data/interactions.ts';
import type { Dataset } from '../../src/data/loaders/jsonl.ts';
import { splitTimelines } from '../../src/data/split.ts';
import type { EvalContext, KindOptions } from '../../src/evaluation/kinds/kind.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import { DEFAULT_WALS } from '../../src/models/baselines/wals.ts';
import type { Progress } from '../../src/training/progress.ts';
import { DEFAULT_RANKER_CONFIG } from '../../src/training/ranker-config.ts';
import { DEFAULT_RETRIEVAL_CONFIG } from '../../src/training/retrieval-config.ts';

/** Kind options that train in well under a second on a small world (no refit thread). */
export const QUICK_KIND_OPTIONS: KindOptions = {
  split: 'leave-last-out',
  retrieval: {
    ...DEFAULT_RETRIEVAL_CONFIG,
    epochs: 1,
    dim: 8,
    hidden: [16],
    itemHidden: [8],
    refit: false,
  },
  ranker: { ...DEFAULT_RANKER_CONFIG, epochs: 1, hidden: [8] },
  candidates: 10,
  wals: { ...DEFAULT_WALS, dim: 8, iterations: 3 },
  historyLength: 10,
};

/** A progress that keeps the lines logged through it. */
export function recordingProgress(): Progress & { lines: string[] } {
  const lines: string[] = [];
  return { lines, start() {}, tick() {}, stop() {}, log: (line) => void lines.push(line) };
}

/**
 * The context every kind of `reco evaluate` reads, built from `dataset` the way the evaluation
 * builds it (src/evaluation/run.ts): the split, the training counts, the excluded training items
 * of each test row, the planted topics of a demo world.
 */
export function kindContext(
  dataset: Dataset,
  opts: KindOptions = QUICK_KIND_OPTIONS,
  progress: Progress = recordingProgress(),
): EvalContext {
  const spec = createFeatureSpec(dataset.items, dataset.users, opts.historyLength);
  const numItems = spec.items.ids.length;
  const { train, tests } = splitTimelines(buildTimelines(dataset.events, spec.items), opts.split);
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
    planted: (userId) => {
      const topics = dataset.truth?.userTopics[userId];
      if (!topics) return undefined;
      return (item) => topics.includes(topicOf.get(item) ?? '');
    },
  };
}

/** Each test row's scores as the kind handed them to the sink (copied: sinks may get one buffer). */
export function collectScores(numItems: number) {
  const rows = new Map<number, Float32Array>();
  const sink = (row: number, scores: Float32Array, offset: number) => {
    rows.set(row, scores.slice(offset, offset + numItems));
  };
  return { rows, sink };
}

const timeline = (userId: string, items: number[]): Timeline => ({
  userId,
  watches: items.map((item, i) => ({ item, time: i })),
  impressions: [],
  disliked: new Set(),
});

/**
 * Seven items (0 = OOV) in two pairs watched together, 1+2 and 3+4, and one 5+6 pair watched only
 * by users without a test item; a watched 1, held out 2; b watched 3, held out 4.
 */
export function pairContext(opts: KindOptions = QUICK_KIND_OPTIONS) {
  const progress = recordingProgress();
  const histories: Record<string, number[]> = {
    a: [1],
    b: [3],
    c: [1, 2],
    d: [1, 2],
    e: [3, 4],
    f: [3, 4, 5, 6],
    g: [5, 6],
  };
  const train = new Map(Object.entries(histories).map(([u, h]) => [u, timeline(u, h)]));
  const ctx = {
    dataset: { items: [], users: [], events: [], source: 'pairs' },
    spec: { items: { ids: ['', 'i1', 'i2', 'i3', 'i4', 'i5', 'i6'], index: new Map() } },
    numItems: 7,
    train,
    tests: [
      { userId: 'a', item: 2, time: 10 },
      { userId: 'b', item: 4, time: 10 },
    ],
    counts: Float64Array.from([0, 3, 2, 3, 2, 2, 2]),
    excludes: [new Set([1]), new Set([3])],
    planted: () => undefined,
    progress,
    opts,
  } as unknown as EvalContext;
  return { ctx, progress, histories: Object.values(histories) };
}
