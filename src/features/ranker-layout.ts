import { vocabSize } from '../data/vocab.ts';
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
