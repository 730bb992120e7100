import { createRng } from '../data/demo/rng.ts';
import type { Timeline } from '../data/interactions.ts';
import type { User } from '../data/types.ts';
import type { ItemTable } from '../features/item-table.ts';
import type { FeatureSpec } from '../features/spec.ts';
import type { SoftmaxDnn } from '../models/retrieval/softmax-dnn.ts';
import type { RankerTrainConfig } from './ranker-config.ts';
import { type Moment, sweepMoments } from './ranker-negatives.ts';
import type { RawExample } from './raw-example.ts';

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

/**
 * A timeline's query moments, in time order: each impression's, and with `negatives` each
 * watch's (its negatives are drawn by the sweep). Examples that share the query state (watches
 * before, time, context: what the ranker's query reads besides the item) share a moment.
 */
function momentsOf(tl: Timeline, negatives: boolean): Moment[] {
  const out: Moment[] = [];
  const byKey = new Map<string, Moment>();
  const at = (before: number, time: number, device?: string, country?: string): Moment => {
    const key = `${before}\u0000${time}\u0000${device ?? ''}\u0000${country ?? ''}`;
    let m = byKey.get(key);
    if (!m) {
      m = { tl, before, time, device, country, examples: [] };
      byKey.set(key, m);
      out.push(m);
    }
    return m;
  };
  const times = tl.watches.map((w) => w.time);
  for (const imp of tl.impressions) {
    const m = at(countBefore(times, imp.time), imp.time, imp.device, imp.country);
    m.examples.push({ user: tl.userId, ...imp, before: m.before });
  }
  if (negatives)
    tl.watches.forEach((w, i) => {
      const m = at(i, w.time, w.device, w.country);
      m.watch = i;
      m.examples.push({ user: tl.userId, ...w, watched: true, before: i });
    });
  return out.sort((a, b) => a.time - b.time);
}

/**
 * About `share` of each user's moments, evenly spaced along their timeline from a seeded
 * offset (systematic sampling within each user): every user keeps ⌊n·share⌋ or ⌈n·share⌉ of
 * their n moments, so the sample is stratified over users and over time, and a heavy user
 * does not crowd out the others.
 */
export function sampleMoments(perUser: Iterable<readonly Moment[]>, share: number, seed: number): Moment[] {
  if (share >= 1) return [...perUser].flat();
  const rng = createRng(seed + 3);
  const out: Moment[] = [];
  for (const moments of perUser) {
    const u = rng.next();
    moments.forEach((m, j) => {
      if (Math.floor((j + 1) * share + u) > Math.floor(j * share + u)) out.push(m);
    });
  }
  return out;
}

/**
 * The ranker's raw examples in time order: impressions, plus retrieval negatives for
 * impression-less users always and for the others unless configured off (they teach the ranker
 * to reorder exactly the candidates it is given at serving); at most `maxExamples`, sampled.
 *
 * Sampling is by moment, before anything is computed: a moment's examples cost one query and,
 * with source columns, one replay of every candidate source, so only the moments kept are swept.
 * With source columns at most `replayMoments` are kept. Examples of the moments not replayed
 * are left out rather than given ann-only source columns: those columns would say that no other
 * source produced the item when one may well have (the next watch is often among the related or
 * the closest users' items), teaching the ranker that the other sources' flags predict less
 * than they do, which is what the columns are for; the sampled moments are an unbiased share,
 * spread over users and time (sampleMoments).
 */
export function rawExamples(
  spec: FeatureSpec,
  retrieval: SoftmaxDnn,
  timelines: ReadonlyMap<string, Timeline>,
  users: ReadonlyMap<string, User>,
  config: RankerTrainConfig,
  /** The catalogue, for the other sources' candidate sets (see sweepMoments). */
  items?: ItemTable,
): RawExample[] {
  const replays = config.sourceFeatures && items !== undefined;
  const momentsFor = (tl: Timeline) =>
    momentsOf(
      tl,
      tl.watches.length > 0 && (config.retrievalNegatives === 'always' || tl.impressions.length === 0),
    );
  // Examples a moment yields: its own, plus a watch's negatives (the sources' when replayed).
  const negatives = config.negativesPerWatch + (replays ? config.sourceNegativesPerWatch : 0);
  let examples = 0;
  let moments = 0;
  // Counted one user at a time and dropped: at 10M events every impression's moment held at once
  // (as the sample was once drawn) ran out of V8 heap. The kept ones are built again below.
  for (const tl of timelines.values())
    for (const m of momentsFor(tl)) {
      examples += m.examples.length + (m.watch !== undefined ? negatives : 0);
      moments++;
    }
  const share = Math.min(
    1,
    config.maxExamples / Math.max(1, examples),
    replays ? config.replayMoments / Math.max(1, moments) : 1,
  );
  const perUser = (function* () {
    for (const tl of timelines.values()) {
      const list = momentsFor(tl);
      if (list.length > 0) yield list;
    }
  })();
  const kept = sampleMoments(perUser, share, config.seed).sort((a, b) => a.time - b.time);
  // Without a replay, a moment of impressions alone needs no query: it has nothing to draw.
  const swept = replays ? kept : kept.filter((m) => m.watch !== undefined);
  sweepMoments(spec, retrieval, swept, timelines, users, config, items);
  // Moments are in time order and a moment's examples share its time: the list is in time order.
  const raw = kept.flatMap((m) => m.examples);
  if (raw.length <= config.maxExamples) return raw;
  // The count per moment was an estimate (a small catalogue has fewer negatives to give): keep
  // the time order, sample a sorted subset of positions.
  const rng = createRng(config.seed);
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
