import type { Timeline } from '../data/interactions.ts';
import type { User } from '../data/types.ts';
import { DAY_MS } from '../foundation/time.ts';
import { writeHistory } from './history.ts';
import { writeSearchBag } from './search-history.ts';
import { type FeatureSpec, queryDenseWidth, writeQueryDense } from './spec.ts';

/**
 * Query inputs for many examples in flat typed arrays (one row per example), with the target
 * item of each row. Rows are copied out by {@link selectRows} to form minibatches.
 */
/** A batch of query inputs, row-major typed arrays. */
export interface QueryBatch {
  size: number;
  /** [size * historyLength] item indices (0 = padding). */
  historyIds: Int32Array;
  /** [size * historyLength] weights of the plain mean bag. */
  meanWeights: Float32Array;
  /** [size * historyLength] weights of the time-decayed bag (by days since each watch). */
  timeWeights?: Float32Array;
  /** [size * historyLength] weights of the recency-weighted bag. */
  recentWeights: Float32Array;
  /** [size * denseWidth] user + context features. */
  dense: Float32Array;
  /** [size * searchLength] the user's latest search-token buckets (0 = padding); absent = no search input. */
  searchIds?: Int32Array;
  /** [size * searchLength] their weights (a mean over the real slots; all 0 = never searched). */
  searchWeights?: Float32Array;
}

export interface QueryExamples extends QueryBatch {
  /** [size] target item index (the next watch, or the impression's item). */
  labels: Int32Array;
  /** [size * historyLength] watch time (epoch ms) of each history slot, 0 = unknown/padding. */
  historyTimes: Float64Array;
  timeWeights: Float32Array;
}

/** `searchLength` > 0 adds the search slots (written by writeSearchBag; zeros until then). */
export function allocateExamples(spec: FeatureSpec, size: number, searchLength = 0): QueryExamples {
  const n = spec.historyLength;
  const search =
    searchLength > 0
      ? {
          searchIds: new Int32Array(size * searchLength),
          searchWeights: new Float32Array(size * searchLength),
        }
      : {};
  return {
    ...search,
    size,
    historyIds: new Int32Array(size * n),
    historyTimes: new Float64Array(size * n),
    meanWeights: new Float32Array(size * n),
    timeWeights: new Float32Array(size * n),
    recentWeights: new Float32Array(size * n),
    dense: new Float32Array(size * queryDenseWidth(spec)),
    labels: new Int32Array(size),
  };
}

/** Half-life of the time-decayed bag: watches from the last few days dominate the query. */
export const TIME_DECAY_HALF_LIFE_DAYS = 3;

/**
 * The third bag's weights: each real slot weighted by 2^(−days between the watch and the user's
 * latest watch / half-life), so the query knows how the watches are spread in time, not only
 * their order; normalised to sum 1. Measured from the latest watch rather than the request time,
 * so a history replayed long after it happened (a public data set posted today) weighs the same
 * as it did in training. Slots without a known time fall back to the position-based weights.
 */
function writeTimeWeights(ex: QueryExamples, o: number, n: number): void {
  let latest = 0;
  for (let s = 0; s < n; s++) latest = Math.max(latest, ex.historyTimes[o + s]);
  let sum = 0;
  for (let s = 0; s < n; s++) {
    const t = ex.historyTimes[o + s];
    const w =
      ex.historyIds[o + s] === 0
        ? 0
        : t > 0
          ? 2 ** (-Math.max(0, latest - t) / DAY_MS / TIME_DECAY_HALF_LIFE_DAYS)
          : ex.recentWeights[o + s];
    ex.timeWeights[o + s] = w;
    sum += w;
  }
  if (sum > 0) for (let s = 0; s < n; s++) ex.timeWeights[o + s] /= sum;
}

/** Writes row `r`: the query of `user` at `time` given the items watched before, and its label. */
export function writeExample(
  spec: FeatureSpec,
  ex: QueryExamples,
  r: number,
  watchedBefore: readonly number[],
  user: Pick<User, 'age' | 'country' | 'device'> | undefined,
  ctx: { device?: string; country?: string; time: number; exampleAgeDays?: number },
  label: number,
  /** Watch times of `watchedBefore` (epoch ms), parallel to it; the ranker's topic recency reads them. */
  timesBefore?: readonly number[],
): void {
  const n = spec.historyLength;
  writeHistory(watchedBefore, n, ex.historyIds, ex.meanWeights, ex.recentWeights, r * n);
  // Same slots as writeHistory: the last min(n, len) watches, right-aligned.
  const len = Math.min(n, watchedBefore.length);
  ex.historyTimes.fill(0, r * n, (r + 1) * n);
  if (timesBefore)
    for (let k = 0; k < len; k++)
      ex.historyTimes[r * n + n - len + k] = timesBefore[timesBefore.length - len + k];
  writeTimeWeights(ex, r * n, n);
  writeQueryDense(
    spec,
    { user, device: ctx.device, country: ctx.country, time: ctx.time, exampleAgeDays: ctx.exampleAgeDays },
    ex.dense,
    r * queryDenseWidth(spec),
  );
  ex.labels[r] = label;
}

/** Copies the given rows into a new, contiguous batch. */
export function selectRows(spec: FeatureSpec, ex: QueryExamples, rows: ArrayLike<number>): QueryExamples {
  const s = searchLengthOf(ex);
  const out = allocateExamples(spec, rows.length, s);
  const n = spec.historyLength;
  const w = queryDenseWidth(spec);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (s > 0) {
      out.searchIds!.set(ex.searchIds!.subarray(r * s, (r + 1) * s), i * s);
      out.searchWeights!.set(ex.searchWeights!.subarray(r * s, (r + 1) * s), i * s);
    }
    out.historyIds.set(ex.historyIds.subarray(r * n, (r + 1) * n), i * n);
    out.historyTimes.set(ex.historyTimes.subarray(r * n, (r + 1) * n), i * n);
    out.meanWeights.set(ex.meanWeights.subarray(r * n, (r + 1) * n), i * n);
    out.timeWeights.set(ex.timeWeights.subarray(r * n, (r + 1) * n), i * n);
    out.recentWeights.set(ex.recentWeights.subarray(r * n, (r + 1) * n), i * n);
    out.dense.set(ex.dense.subarray(r * w, (r + 1) * w), i * w);
    out.labels[i] = ex.labels[r];
  }
  return out;
}

/** Search slots per row (0: the batch has no search input). */
export const searchLengthOf = (b: QueryBatch): number =>
  b.searchIds && b.size > 0 ? b.searchIds.length / b.size : 0;

/** The latest watch time in the data: "now" for the example-age feature. */
export function dataEnd(timelines: Iterable<Timeline>): number {
  let end = 0;
  for (const tl of timelines) for (const w of tl.watches) if (w.time > end) end = w.time;
  return end;
}

/** Days between an example and the end of the training data. */
export const exampleAge = (end: number, time: number): number => Math.max(0, (end - time) / DAY_MS);

/** Retrieval data: every watch is a training example; each user's last watch is held out. */
export interface RetrievalData {
  train: QueryExamples;
  valid: QueryExamples;
  /** Per validation row: the items watched before it (excluded when ranking the catalogue). */
  validExclude: Set<number>[];
  /** Per validation row: the time of the held-out watch. */
  validTime: number[];
}

/**
 * Leave-last-out: the example for watch i reads watches [0, i). A user's last watch is the
 * validation example when the user has at least two watches; `holdOut: false` trains on all.
 * `trainRows: false` leaves `train` empty (sequence training writes its rows per batch).
 */
export function buildRetrievalData(
  spec: FeatureSpec,
  timelines: Iterable<Timeline>,
  users: ReadonlyMap<string, User>,
  holdOut = true,
  withExampleAge = false,
  trainRows = true,
  /** Search slots per row (0 = no search input); tokens typed before each example's time. */
  searchLength = 0,
): RetrievalData {
  const tls = [...timelines];
  const end = dataEnd(tls);
  let nTrain = 0;
  let nValid = 0;
  for (const tl of tls) {
    const v = holdOut && tl.watches.length >= 2 ? 1 : 0;
    nValid += v;
    if (trainRows) nTrain += tl.watches.length - v;
  }
  const train = allocateExamples(spec, nTrain, searchLength);
  const valid = allocateExamples(spec, nValid, searchLength);
  const search = (ex: QueryExamples, r: number, tl: Timeline, time: number) => {
    if (searchLength > 0)
      writeSearchBag(tl.searches, time, ex.searchIds!, ex.searchWeights!, r * searchLength, searchLength);
  };
  const validExclude: Set<number>[] = [];
  const validTime: number[] = [];
  let rt = 0;
  let rv = 0;
  for (const tl of tls) {
    const user = users.get(tl.userId);
    const held = holdOut && tl.watches.length >= 2 ? tl.watches.length - 1 : -1;
    const before: number[] = [];
    const times: number[] = [];
    tl.watches.forEach((w, i) => {
      if (i === held) {
        // Validation stands for serving ("what next, now"): example age 0.
        search(valid, rv, tl, w.time);
        writeExample(spec, valid, rv++, before, user, w, w.item, times);
        validExclude.push(new Set(before));
        validTime.push(w.time);
      } else if (trainRows) {
        search(train, rt, tl, w.time);
        writeExample(
          spec,
          train,
          rt++,
          before,
          user,
          { ...w, exampleAgeDays: withExampleAge ? exampleAge(end, w.time) : 0 },
          w.item,
          times,
        );
      }
      before.push(w.item);
      times.push(w.time);
    });
  }
  return { train, valid, validExclude, validTime };
}
