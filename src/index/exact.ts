import type { CandidateIndex, SearchResult } from './candidate-index.ts';

/**
 * Brute-force inner-product search: exact, and for a few thousand items as fast as HNSW.
 * It is also the ground truth that HNSW recall is measured against.
 */
export class ExactIndex implements CandidateIndex {
  readonly isExact = true;
  readonly dim: number;
  readonly size: number;
  private readonly vectors: Float32Array;

  /** @param vectors [numItems, dim] row-major; row 0 (OOV) is never returned. */
  constructor(vectors: Float32Array, dim: number) {
    this.vectors = vectors;
    this.dim = dim;
    this.size = vectors.length / dim - 1;
  }

  search(query: Float32Array, k: number): SearchResult {
    const n = this.size + 1;
    const scores = new Float32Array(n);
    for (let i = 1; i < n; i++) {
      let s = 0;
      const o = i * this.dim;
      for (let d = 0; d < this.dim; d++) s += query[d] * this.vectors[o + d];
      scores[i] = s;
    }
    const top = topK(scores, Math.min(k, this.size), 1);
    return { items: top, scores: top.map((i) => scores[i]) };
  }

  save(): void {}
}

/** Indices of the k largest values of `scores[from..]`, best first (ties: lower index first). */
export function topK(scores: ArrayLike<number>, k: number, from = 0): number[] {
  // A bounded min-heap would be O(n log k); for k ≤ a few hundred a partial sort is simpler
  // and fast enough, but keep it linear in n by selecting against a running threshold.
  const best: number[] = [];
  let threshold = Number.NEGATIVE_INFINITY;
  for (let i = from; i < scores.length; i++) {
    const s = scores[i];
    if (best.length === k && s <= threshold) continue;
    let pos = best.length;
    while (pos > 0 && scores[best[pos - 1]] < s) pos--;
    best.splice(pos, 0, i);
    if (best.length > k) best.pop();
    if (best.length === k) threshold = scores[best[k - 1]];
  }
  return best;
}
