import { vocabSize } from '../data/vocab.ts';
import { SOURCE_COLUMNS } from './source-features.ts';
import { type FeatureSpec, queryDenseWidth } from './spec.ts';

/**
 * Affinity features from the history: share of the item's topic, last-watch topic, recency of
 * the topic in watches and in days.
 */
const AFFINITY = 5;
/** Item features besides the topic: log duration, log age, log popularity, log trend, retrieval rank. */
const ITEM_SCALARS = 5;

/** Per-pair scalar columns: 5 item scalars, then the 5 history-affinity features. */
export const PAIR_SCALARS = ITEM_SCALARS + AFFINITY;

/**
 * Column layout of one (query, candidate) pair, defined once for the feature writer and the
 * serving-time factorisation of the ranker's first layer (models/ranking/factorized.ts):
 * [ψ(x) | v | ψ(x)⊙v | ψ(x)·v | topic one-hot | log duration | log age | log popularity |
 *  log watches in the last week (trend) | log retrieval rank | topic share in history |
 *  same topic as the last watch | recency of the topic in watches | days since the user last
 *  watched the topic | cosine of v to the mean embedding of the history | query dense |
 *  source columns (source-features.ts), in a bundle trained with them].
 */
export interface RankerLayout {
  psi: number;
  v: number;
  prod: number;
  dot: number;
  topic: number;
  scalars: number;
  dense: number;
  /** First source column; the source columns' count (0 in a bundle trained before them). */
  sources: number;
  sourceWidth: number;
  width: number;
}

export function rankerLayout(spec: FeatureSpec, dim: number, withSources = false): RankerLayout {
  const topic = 3 * dim + 1;
  const scalars = topic + vocabSize(spec.topics);
  const dense = scalars + PAIR_SCALARS;
  const sources = dense + queryDenseWidth(spec);
  const sourceWidth = withSources ? SOURCE_COLUMNS : 0;
  return {
    psi: 0,
    v: dim,
    prod: 2 * dim,
    dot: 3 * dim,
    topic,
    scalars,
    dense,
    sources,
    sourceWidth,
    width: sources + sourceWidth,
  };
}

/** Ranker input width for one (query, candidate) pair (see {@link rankerLayout}). */
export function rankerWidth(spec: FeatureSpec, dim: number, withSources = false): number {
  return rankerLayout(spec, dim, withSources).width;
}
