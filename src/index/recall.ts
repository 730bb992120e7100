import type { CandidateIndex } from './candidate-index.ts';

/**
 * recall@k of an approximate index against exact search: the share of the exact top-k that the
 * index also returns, averaged over the sample queries ([queries, dim] row-major).
 */
export function indexRecall(
  index: CandidateIndex,
  exact: CandidateIndex,
  queries: Float32Array,
  dim: number,
  k: number,
): number {
  const n = queries.length / dim;
  if (n === 0) return 1;
  let sum = 0;
  for (let q = 0; q < n; q++) {
    const v = queries.subarray(q * dim, (q + 1) * dim);
    const truth = exact.search(v, k).items;
    const got = new Set(index.search(v, k).items);
    sum += truth.filter((i) => got.has(i)).length / Math.max(1, truth.length);
  }
  return sum / n;
}
