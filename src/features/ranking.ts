import { vocabSize } from '../data/vocab.ts';
import { type ItemTable, itemAgeDays } from './item-table.ts';
import { type FeatureSpec, queryDenseWidth } from './spec.ts';

/**
 * Ranker input for one (query, candidate) pair, shared by training and serving:
 * [ψ(x) | v | ψ(x)⊙v | ψ(x)·v | topic one-hot | log duration | log age | log popularity | query dense].
 * ψ and V come from the trained retrieval model, so the ranker starts from its affinities and
 * adds what retrieval cannot use: item freshness, length, popularity and their interactions.
 */
export function rankerWidth(spec: FeatureSpec, dim: number): number {
  return 3 * dim + 1 + vocabSize(spec.topics) + 3 + queryDenseWidth(spec);
}

export function writeRankerFeatures(
  spec: FeatureSpec,
  items: ItemTable,
  dim: number,
  query: Float32Array,
  queryOffset: number,
  itemVectors: Float32Array,
  item: number,
  dense: Float32Array,
  denseOffset: number,
  time: number,
  out: Float32Array,
  offset: number,
): void {
  let o = offset;
  const vo = item * dim;
  let dot = 0;
  for (let k = 0; k < dim; k++) {
    const q = query[queryOffset + k];
    const v = itemVectors[vo + k];
    out[o + k] = q;
    out[o + dim + k] = v;
    out[o + 2 * dim + k] = q * v;
    dot += q * v;
  }
  o += 3 * dim;
  out[o++] = dot;
  const nT = vocabSize(spec.topics);
  out.fill(0, o, o + nT);
  out[o + items.topic[item]] = 1;
  o += nT;
  // Log scales keep these heavy-tailed quantities in a range a ReLU layer handles well.
  out[o++] = Math.log1p(items.durationSec[item]) / 8;
  out[o++] = Math.log1p(itemAgeDays(items, item, time)) / 6;
  out[o++] = Math.log1p(items.watches[item]) / 10;
  const w = queryDenseWidth(spec);
  for (let k = 0; k < w; k++) out[o + k] = dense[denseOffset + k];
}

/**
 * Ranker inputs for one query and many candidates: [candidates.length * rankerWidth] rows, in
 * candidate order. The serving path, the blend learning and the evaluation all build these.
 */
export function candidateFeatures(
  spec: FeatureSpec,
  items: ItemTable,
  dim: number,
  query: Float32Array,
  queryOffset: number,
  itemVectors: Float32Array,
  candidates: readonly number[],
  dense: Float32Array,
  denseOffset: number,
  time: number,
): Float32Array {
  const width = rankerWidth(spec, dim);
  const out = new Float32Array(candidates.length * width);
  candidates.forEach((item, c) => {
    writeRankerFeatures(
      spec,
      items,
      dim,
      query,
      queryOffset,
      itemVectors,
      item,
      dense,
      denseOffset,
      time,
      out,
      c * width,
    );
  });
  return out;
}
