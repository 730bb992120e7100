import { createRng } from '../data/demo/rng.ts';
import type { Impression, Timeline } from '../data/interactions.ts';
import type { User } from '../data/types.ts';
import type { ItemTable } from '../features/item-table.ts';
import type { FeatureSpec } from '../features/spec.ts';
import type { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import type { RankerTrainConfig } from './ranker-config.ts';
import { type NegativeSets, retrievalNegatives } from './ranker-negatives.ts';

/** Ranker examples: features plus label and weight for the weighted logistic loss. */
export interface RankerExamples {
  size: number;
  features: Float32Array;
  labels: Float32Array;
  /** Positives: watch time in seconds (or the median watch time when unknown); negatives: 1. */
  weights: Float32Array;
  /** Watch time of positives (0 for negatives), for evaluation. */
  watchTime: Float32Array;
  time: Float64Array;
  /** A per-user index (for per-user list metrics and id-based scorers). */
  user: Int32Array;
  /** Item vocabulary index. */
  item: Int32Array;
}

/** An impression (real, or a sampled negative) with its user and the count of earlier watches. */
export interface RawExample extends Impression {
  user: string;
  before: number;
}

export function allocateRankerExamples(size: number, width: number): RankerExamples {
  return {
    size,
    features: new Float32Array(size * width),
    labels: new Float32Array(size),
    weights: new Float32Array(size),
    watchTime: new Float32Array(size),
    time: new Float64Array(size),
    user: new Int32Array(size),
    item: new Int32Array(size),
  };
}

/** The examples at `rows`, copied. */
export function subset(ex: RankerExamples, rows: ArrayLike<number>, width: number): RankerExamples {
  const out = allocateRankerExamples(rows.length, width);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out.features.set(ex.features.subarray(r * width, (r + 1) * width), i * width);
    out.labels[i] = ex.labels[r];
    out.weights[i] = ex.weights[r];
    out.watchTime[i] = ex.watchTime[r];
    out.time[i] = ex.time[r];
    out.user[i] = ex.user[r];
    out.item[i] = ex.item[r];
  }
  return out;
}

/** Rows `from .. to` of `ex`, copied. */
export function range(ex: RankerExamples, from: number, to: number, width: number): RankerExamples {
  return subset(
    ex,
    Int32Array.from({ length: to - from }, (_, i) => from + i),
    width,
  );
}

/** Index of the first of the sorted `times` not before `t`: how many watches came earlier. */
function countBefore(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Impressions, or watches + retrieval negatives when there are none, each with its history length. */
function collectRaw(timelines: Iterable<Timeline>, negatives: NegativeSets): RawExample[] {
  const out: RawExample[] = [];
  for (const tl of timelines) {
    const times = tl.watches.map((w) => w.time);
    if (tl.impressions.length > 0) {
      for (const imp of tl.impressions)
        out.push({ user: tl.userId, ...imp, before: countBefore(times, imp.time) });
      if (!negatives.has(tl.userId)) continue;
    }
    const negs = negatives.get(tl.userId) ?? [];
    tl.watches.forEach((w, i) => {
      out.push({ user: tl.userId, ...w, watched: true, before: i });
      for (const item of negs[i] ?? []) {
        out.push({ user: tl.userId, ...w, item, watched: false, watchTimeSec: undefined, before: i });
      }
    });
  }
  return out;
}

/**
 * The ranker's raw examples in time order: impressions, plus retrieval negatives for
 * impression-less users always and for the others unless configured off (they teach the ranker
 * to reorder exactly the candidates it is given at serving); at most `maxExamples`, sampled.
 */
export function rawExamples(
  spec: FeatureSpec,
  retrieval: SoftmaxDnn,
  timelines: ReadonlyMap<string, Timeline>,
  users: ReadonlyMap<string, User>,
  config: RankerTrainConfig,
  /** The catalogue, for the other sources' negatives (see retrievalNegatives). */
  items?: ItemTable,
): RawExample[] {
  const rng = createRng(config.seed);
  const needNegatives = [...timelines.values()].filter(
    (tl) => tl.watches.length > 0 && (config.retrievalNegatives === 'always' || tl.impressions.length === 0),
  );
  const negatives = retrievalNegatives(spec, retrieval, needNegatives, users, config, items);
  const raw = collectRaw(timelines.values(), negatives);
  raw.sort((a, b) => a.time - b.time);
  if (raw.length <= config.maxExamples) return raw;
  // Keep the time order: sample a sorted subset of positions.
  const keep = new Uint8Array(raw.length);
  const idx = Int32Array.from({ length: raw.length }, (_, i) => i);
  rng.shuffle(idx);
  for (let i = 0; i < config.maxExamples; i++) keep[idx[i]] = 1;
  return raw.filter((_, i) => keep[i] === 1);
}

/** The weight of a watch whose watch time is unknown: the median of the known ones (1 if none). */
export function defaultWatchTime(raw: readonly RawExample[]): number {
  const known = raw.flatMap((r) => (r.watched && r.watchTimeSec !== undefined ? [r.watchTimeSec] : []));
  if (known.length === 0) return 1;
  known.sort((a, b) => a - b);
  return known[known.length >> 1];
}
