import { createRng } from '../data/demo/rng.ts';
import { rankOf, rankOfScore } from '../models/top-k.ts';
import { tf } from '../runtime/tf.ts';

/** Items sampled to estimate retrieval ranks in catalogues larger than this. */
const RANK_SAMPLE = 4096;

/**
 * 0-based rank of `item` in a row of retrieval scores over the catalogue (OOV row 0 excluded).
 * Serving sees the same quantity as the candidate's position in the index's answer.
 */
export function retrievalRank(row: Float32Array, item: number): number {
  return rankOf(row, item, { from: 1 });
}

function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += a[ao + k] * b[bo + k];
  return s;
}

/** The item vectors each example's retrieval rank is measured against, and how. */
export interface RankColumns {
  /** [cols, dim]: the catalogue, or a fixed sample of it. */
  items: tf.Tensor2D;
  cols: number;
  /** The rank of `item` given the row's scores against `items` and the row's ψ. */
  rank(scored: Float32Array, psi: Float32Array, psiOffset: number, item: number): number;
}

/**
 * Large catalogues: ranks estimated against a fixed sample of items, scored alone (a
 * [rows, RANK_SAMPLE] product instead of [rows, numItems]) and scaled to the catalogue. The
 * sample is drawn from `seed` (the ranker configuration's, offset so it is a stream of its own).
 */
export function rankColumns(
  itemVectors: Float32Array,
  numItems: number,
  dim: number,
  seed: number,
): RankColumns {
  const rng = createRng(seed + 7);
  const sample =
    numItems - 1 > RANK_SAMPLE
      ? Int32Array.from({ length: RANK_SAMPLE }, () => 1 + Math.floor(rng.next() * (numItems - 1)))
      : undefined;
  const items = tf.tidy(() => {
    const all = tf.tensor2d(itemVectors, [numItems, dim]);
    return sample ? tf.gather(all, tf.tensor1d(sample, 'int32')) : all;
  });
  if (!sample) return { items, cols: numItems, rank: (scored, _p, _o, item) => retrievalRank(scored, item) };
  const cols = sample.length;
  return {
    items,
    cols,
    rank: (scored, psi, psiOffset, item) =>
      Math.round(
        (rankOfScore(scored, dot(psi, psiOffset, itemVectors, item * dim, dim)) * (numItems - 1)) / cols,
      ),
  };
}
