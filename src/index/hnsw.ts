import hnswlib from 'hnswlib-node';
import type { CandidateIndex, SearchResult } from './candidate-index.ts';

/** HNSW parameters (Malkov & Yashunin 2018): graph degree and the two beam widths. */
export interface HnswParams {
  m: number;
  efConstruction: number;
  efSearch: number;
  seed: number;
}

export const DEFAULT_HNSW: HnswParams = { m: 16, efConstruction: 200, efSearch: 400, seed: 100 };

/**
 * hnswlib-node's HierarchicalNSW in inner-product space. hnswlib reports 1 − ip as the
 * distance; scores are converted back. Labels are item vocabulary indices.
 */
export class HnswIndex implements CandidateIndex {
  readonly isExact = false;
  readonly dim: number;
  private readonly index: hnswlib.HierarchicalNSW;
  private readonly efSearch: number;

  private constructor(index: hnswlib.HierarchicalNSW, dim: number, efSearch: number) {
    this.index = index;
    this.dim = dim;
    this.efSearch = efSearch;
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  /** Builds the graph over rows 1.. of `vectors` ([numItems, dim]; row 0 is the OOV bucket). */
  static build(vectors: Float32Array, dim: number, params: HnswParams = DEFAULT_HNSW): HnswIndex {
    const n = vectors.length / dim;
    const index = new hnswlib.HierarchicalNSW('ip', dim);
    index.initIndex(Math.max(1, n - 1), params.m, params.efConstruction, params.seed);
    for (let i = 1; i < n; i++) index.addPoint(Array.from(vectors.subarray(i * dim, (i + 1) * dim)), i);
    index.setEf(params.efSearch);
    return new HnswIndex(index, dim, params.efSearch);
  }

  static load(path: string, dim: number, efSearch: number): HnswIndex {
    const index = new hnswlib.HierarchicalNSW('ip', dim);
    index.readIndexSync(path);
    index.setEf(efSearch);
    return new HnswIndex(index, dim, efSearch);
  }

  search(query: Float32Array, k: number): SearchResult {
    const kk = Math.min(k, this.size);
    if (kk <= 0) return { items: [], scores: [] };
    if (kk > this.efSearch) this.index.setEf(kk);
    const r = this.index.searchKnn(Array.from(query), kk);
    if (kk > this.efSearch) this.index.setEf(this.efSearch);
    return { items: r.neighbors, scores: r.distances.map((d) => 1 - d) };
  }

  save(path: string): void {
    this.index.writeIndexSync(path);
  }
}
