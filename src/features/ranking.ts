import { vocabSize } from '../data/vocab.ts';
import { type ItemTable, itemAgeDays, recentWatches } from './item-table.ts';
import { type FeatureSpec, queryDenseWidth } from './spec.ts';

/** What ranker features are computed from, besides the query: the catalogue side. */
export interface RankingContext {
  spec: FeatureSpec;
  items: ItemTable;
  /** Item embeddings V, [numItems * dim] row-major, from the retrieval model. */
  vectors: Float32Array;
  dim: number;
}

/** One query, as views into batch arrays (so training and serving share one layout). */
export interface QueryRow {
  /** ψ(x) at psi[psiOffset .. psiOffset + dim). */
  psi: Float32Array;
  psiOffset: number;
  /** Dense user + context features at dense[denseOffset ..). */
  dense: Float32Array;
  denseOffset: number;
  /** The last `historyLength` watched item indices at history[historyOffset ..), 0 = padding. */
  history: Int32Array;
  /** Their watch times (epoch ms) at historyTimes[historyOffset ..), 0 = unknown. */
  historyTimes: Float64Array;
  historyOffset: number;
  /** Request or impression time, epoch ms. */
  time: number;
}

/**
 * Affinity features from the history: share of the item's topic, last-watch topic, recency of
 * the topic in watches and in days.
 */
const AFFINITY = 5;
/** Item features besides the topic: log duration, log age, log popularity, log trend, retrieval rank. */
const ITEM_SCALARS = 5;
const DAY_MS = 86_400_000;
/** Days-since value for a topic absent from the history: "longer ago than anything seen". */
const NEVER = 2;

/** Per-pair scalar columns: 5 item scalars, then the 5 history-affinity features. */
export const PAIR_SCALARS = ITEM_SCALARS + AFFINITY;

/**
 * Column layout of one (query, candidate) pair, defined once for the feature writer and the
 * serving-time factorisation of the ranker's first layer (models/ranking/factorized.ts):
 * [ψ(x) | v | ψ(x)⊙v | ψ(x)·v | topic one-hot | log duration | log age | log popularity |
 *  log watches in the last week (trend) | log retrieval rank | topic share in history |
 *  same topic as the last watch | recency of the topic in watches | days since the user last
 *  watched the topic | cosine of v to the mean embedding of the history | query dense].
 */
export interface RankerLayout {
  psi: number;
  v: number;
  prod: number;
  dot: number;
  topic: number;
  scalars: number;
  dense: number;
  width: number;
}

export function rankerLayout(spec: FeatureSpec, dim: number): RankerLayout {
  const topic = 3 * dim + 1;
  const scalars = topic + vocabSize(spec.topics);
  const dense = scalars + PAIR_SCALARS;
  return {
    psi: 0,
    v: dim,
    prod: 2 * dim,
    dot: 3 * dim,
    topic,
    scalars,
    dense,
    width: dense + queryDenseWidth(spec),
  };
}

/** Ranker input width for one (query, candidate) pair (see {@link rankerLayout}). */
export function rankerWidth(spec: FeatureSpec, dim: number): number {
  return rankerLayout(spec, dim).width;
}

/**
 * Writes one pair's features at out[offset ..]. ψ and V come from the trained retrieval
 * model, so the ranker starts from its affinities and adds what retrieval does not model
 * directly: freshness, length, popularity, and how the item's topic sits in the recent history.
 */
export function writeRankerFeatures(
  ctx: RankingContext,
  q: QueryRow,
  item: number,
  out: Float32Array,
  offset: number,
  /** 0-based position of the item in retrieval's order for this query. */
  retrievalRank: number,
  summary: HistorySummary = summarizeHistory(ctx, q),
): void {
  const { spec, items, vectors, dim } = ctx;
  const layout = rankerLayout(spec, dim);
  const o = offset;
  const vo = item * dim;
  let dot = 0;
  for (let k = 0; k < dim; k++) {
    const a = q.psi[q.psiOffset + k];
    const v = vectors[vo + k];
    out[o + k] = a;
    out[o + dim + k] = v;
    out[o + 2 * dim + k] = a * v;
    dot += a * v;
  }
  out[o + layout.dot] = dot;
  out.fill(0, o + layout.topic, o + layout.scalars);
  out[o + layout.topic + items.topic[item]] = 1;
  writePairScalars(ctx, q, item, retrievalRank, summary, out, o + layout.scalars);
  const w = queryDenseWidth(spec);
  for (let k = 0; k < w; k++) out[o + layout.dense + k] = q.dense[q.denseOffset + k];
}

/**
 * The {@link PAIR_SCALARS} columns of one pair at out[o ..]: what depends on both the item and
 * the request (time, retrieval rank, the history), so nothing of it can be precomputed per item.
 */
export function writePairScalars(
  ctx: RankingContext,
  q: QueryRow,
  item: number,
  retrievalRank: number,
  summary: HistorySummary,
  out: Float32Array,
  o: number,
): void {
  const { items, vectors, dim } = ctx;
  const topic = items.topic[item];
  // Log scales keep these heavy-tailed quantities in a range a ReLU layer handles well.
  out[o++] = Math.log1p(items.durationSec[item]) / 8;
  out[o++] = Math.log1p(itemAgeDays(items, item, q.time)) / 6;
  out[o++] = Math.log1p(items.watches[item]) / 10;
  out[o++] = Math.log1p(recentWatches(items, item, q.time)) / 6;
  out[o++] = Math.log1p(retrievalRank) / 6;
  const last = summary.last;
  const lastSame = summary.lastSame[topic];
  out[o++] = summary.real > 0 ? summary.same[topic] / summary.real : 0;
  out[o++] = last >= 0 && summary.lastTopic === topic ? 1 : 0;
  out[o++] = lastSame >= 0 ? 1 / (1 + last - lastSame) : 0;
  const seenAt = lastSame >= 0 ? q.historyTimes[q.historyOffset + lastSame] : 0;
  out[o++] = seenAt > 0 ? Math.log1p(Math.max(0, q.time - seenAt) / DAY_MS) / 6 : NEVER;
  const vo = item * dim;
  let vv = 0;
  let mv = 0;
  for (let k = 0; k < dim; k++) {
    const v = vectors[vo + k];
    vv += v * v;
    mv += summary.mean[k] * v;
  }
  out[o] = summary.meanNorm2 > 0 && vv > 0 ? mv / Math.sqrt(summary.meanNorm2 * vv) : 0;
}

/**
 * What the features need of a query's history, computed once per query rather than once per
 * candidate: per topic, how many of the history slots have it and the latest such slot; the last
 * slot's topic; the history's mean item embedding (for the cosine feature).
 */
export interface HistorySummary {
  real: number;
  /** Latest real slot, -1 without history. */
  last: number;
  lastTopic: number;
  same: Int32Array;
  lastSame: Int32Array;
  mean: Float32Array;
  meanNorm2: number;
}

export function summarizeHistory(ctx: RankingContext, q: QueryRow): HistorySummary {
  const { spec, items, vectors, dim } = ctx;
  const nT = vocabSize(spec.topics);
  const out: HistorySummary = {
    real: 0,
    last: -1,
    lastTopic: -1,
    same: new Int32Array(nT),
    lastSame: new Int32Array(nT).fill(-1),
    mean: new Float32Array(dim),
    meanNorm2: 0,
  };
  // History slots are oldest first, padding (0) on the left.
  for (let s = 0; s < spec.historyLength; s++) {
    const h = q.history[q.historyOffset + s];
    if (h === 0) continue;
    const t = items.topic[h];
    out.real++;
    out.last = s;
    out.lastTopic = t;
    out.same[t]++;
    out.lastSame[t] = s;
    for (let k = 0; k < dim; k++) out.mean[k] += vectors[h * dim + k];
  }
  for (let k = 0; k < dim; k++) out.meanNorm2 += out.mean[k] * out.mean[k];
  return out;
}

/**
 * Features of many candidates for one query: [candidates.length * rankerWidth], in order. The
 * candidates come in retrieval order, so by default a candidate's position is its retrieval rank;
 * `ranks` overrides that when items were dropped before (e.g. watched ones), since training and
 * serving count every catalogue item.
 */
export function candidateFeatures(
  ctx: RankingContext,
  q: QueryRow,
  candidates: readonly number[],
  ranks?: ArrayLike<number>,
): Float32Array {
  const width = rankerWidth(ctx.spec, ctx.dim);
  const out = new Float32Array(candidates.length * width);
  const summary = summarizeHistory(ctx, q);
  candidates.forEach((item, c) => {
    writeRankerFeatures(ctx, q, item, out, c * width, ranks ? ranks[c] : c, summary);
  });
  return out;
}

/**
 * Full-catalogue retrieval ranks of `candidates` (the top of `scores` once `excluded` items were
 * masked, in order): each candidate's position plus the excluded items that score higher.
 */
export function ranksWithExcluded(
  scores: ArrayLike<number>,
  candidates: readonly number[],
  excluded: Iterable<number>,
): Int32Array {
  const ex = [...excluded].filter((e) => e !== 0).map((e) => scores[e]);
  return Int32Array.from(candidates, (item, c) => {
    let above = 0;
    for (const s of ex) if (s > scores[item]) above++;
    return c + above;
  });
}

/** The QueryRow of row `r` of a query batch with its ψ rows. */
export function queryRow(
  spec: FeatureSpec,
  dim: number,
  batch: { dense: Float32Array; historyIds: Int32Array; historyTimes: Float64Array },
  r: number,
  psi: Float32Array,
  psiRow: number,
  time: number,
): QueryRow {
  return {
    psi,
    psiOffset: psiRow * dim,
    dense: batch.dense,
    denseOffset: r * queryDenseWidth(spec),
    history: batch.historyIds,
    historyTimes: batch.historyTimes,
    historyOffset: r * spec.historyLength,
    time,
  };
}
