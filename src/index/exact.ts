import { topK } from '../models/top-k.ts';
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
    const dim = this.dim;
    const v = this.vectors;
    const scores = new Float32Array(n);
    // Four running sums: independent adds keep the CPU's pipelines busy (~3x a single sum).
    const d4 = dim - (dim % 4);
    for (let i = 1; i < n; i++) {
      const o = i * dim;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let d = 0; d < d4; d += 4) {
        s0 += query[d] * v[o + d];
        s1 += query[d + 1] * v[o + d + 1];
        s2 += query[d + 2] * v[o + d + 2];
        s3 += query[d + 3] * v[o + d + 3];
      }
      for (let d = d4; d < dim; d++) s0 += query[d] * v[o + d];
      scores[i] = s0 + s1 + s2 + s3;
    }
    const top = topK(scores, Math.min(k, this.size), 1);
    return { items: top, scores: top.map((i) => scores[i]) };
  }

  save(): void {}
}
