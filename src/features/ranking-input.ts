import type { ItemTable } from './item-table.ts';
import { type FeatureSpec, queryDenseWidth } from './spec.ts';

/** What ranker features are computed from, besides the query: the catalogue side. */
export interface RankingContext {
  spec: FeatureSpec;
  items: ItemTable;
  /** Item embeddings V, [numItems * dim] row-major, from the retrieval model. */
  vectors: Float32Array;
  dim: number;
  /** The ranker reads source columns (a bundle trained on merged candidate sets). */
  sourceFeatures?: boolean;
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
