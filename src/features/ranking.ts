import { DAY_MS } from '../foundation/time.ts';
import { type HistorySummary, summarizeHistory } from './history-summary.ts';
import { itemAgeDays, recentWatches } from './item-table.ts';
import { rankerLayout, rankerWidth } from './ranker-layout.ts';
import type { QueryRow, RankingContext } from './ranking-input.ts';
import { annOrigin, type Origin, writeSourceFeatures } from './source-features.ts';
import { queryDenseWidth } from './spec.ts';

// The ranker's features: what they are computed from (ranking-input.ts), their columns
// (ranker-layout.ts), what they need of a query's history (history-summary.ts), and here,
// writing them. The ranking modules import all of it from here.
export { type HistorySummary, summarizeHistory } from './history-summary.ts';
export { PAIR_SCALARS, type RankerLayout, rankerLayout, rankerWidth } from './ranker-layout.ts';
export { type QueryRow, queryRow, type RankingContext } from './ranking-input.ts';

/** Days-since value for a topic absent from the history: "longer ago than anything seen". */
const NEVER = 2;

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
  /** The sources that produced the item (default: the query tower's search, at retrievalRank). */
  origins: readonly Origin[] = annOrigin(retrievalRank),
): void {
  const { spec, items, vectors, dim } = ctx;
  const layout = rankerLayout(spec, dim, ctx.sourceFeatures);
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
  if (layout.sourceWidth > 0) writeSourceFeatures(origins, out, o + layout.sources);
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
  /** Each candidate's sources (default: the query tower's search alone). */
  origins?: readonly (readonly Origin[])[],
): Float32Array {
  const width = rankerWidth(ctx.spec, ctx.dim, ctx.sourceFeatures);
  const out = new Float32Array(candidates.length * width);
  const summary = summarizeHistory(ctx, q);
  candidates.forEach((item, c) => {
    const rank = ranks ? ranks[c] : c;
    writeRankerFeatures(ctx, q, item, out, c * width, rank, summary, origins?.[c] ?? annOrigin(rank));
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
