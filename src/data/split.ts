import type { Timeline, Watch } from './interactions.ts';

export const SPLITS = ['leave-last-out', 'temporal'] as const;
export type Split = (typeof SPLITS)[number];

/** A held-out watch: the item a model should rank first, with the request context it came in. */
export interface TestCase extends Watch {
  userId: string;
}

export interface SplitResult {
  train: Map<string, Timeline>;
  tests: TestCase[];
}

/**
 * A user's timeline with only what happened before `time`, without the impression that led to
 * the held-out watch (it would carry the label into training).
 */
function before(tl: Timeline, time: number, keepWatches: number, heldOut?: number): Timeline {
  return {
    ...tl,
    watches: tl.watches.slice(0, keepWatches),
    impressions: tl.impressions.filter((i) => i.time < time && i.item !== heldOut),
  };
}

/**
 * Leave-last-out for one user: the last watch is the test case when the user has ≥ 2 watches
 * (one to predict from, one to predict); undefined otherwise.
 */
export function holdOutLast(tl: Timeline): { train: Timeline; test: TestCase } | undefined {
  if (tl.watches.length < 2) return undefined;
  const last = tl.watches[tl.watches.length - 1];
  return {
    train: before(tl, last.time, tl.watches.length - 1, last.item),
    test: { userId: tl.userId, ...last },
  };
}

/**
 * Splits timelines into training data and held-out watches (pure).
 * - `leave-last-out`: each user's last watch is the test item when the user has ≥ 2 watches.
 * - `temporal`: one global cut at the `quantile` of all watch times; a user's first watch
 *   after the cut is the test item when the user also watched something before it, and
 *   nothing after the cut is trained on (no peeking into the future of other users).
 */
export function splitTimelines(
  all: ReadonlyMap<string, Timeline>,
  split: Split,
  quantile = 0.9,
): SplitResult {
  const train = new Map<string, Timeline>();
  const tests: TestCase[] = [];
  if (split === 'leave-last-out') {
    for (const [id, tl] of all) {
      const held = holdOutLast(tl);
      train.set(id, held?.train ?? tl);
      if (held) tests.push(held.test);
    }
    return { train, tests };
  }
  const times = [...all.values()].flatMap((tl) => tl.watches.map((w) => w.time)).sort((a, b) => a - b);
  const cut = times[Math.min(times.length - 1, Math.floor(quantile * times.length))] ?? 0;
  for (const [id, tl] of all) {
    const k = tl.watches.findIndex((w) => w.time >= cut);
    const n = k < 0 ? tl.watches.length : k;
    train.set(id, before(tl, cut, n, k > 0 ? tl.watches[k].item : undefined));
    if (k > 0) tests.push({ userId: id, ...tl.watches[k] });
  }
  return { train, tests };
}
