/**
 * Maximum-inner-product search over the item embeddings (the TFRS `TopK` interface): the HNSW
 * index for serving and an exact brute-force index as its reference.
 */
export interface SearchResult {
  /** Item vocabulary indices, best first. */
  items: number[];
  /** Inner products ψ(x)·v, same order. */
  scores: number[];
}

export interface CandidateIndex {
  readonly isExact: boolean;
  /** Number of items indexed. */
  readonly size: number;
  readonly dim: number;
  /** Top-k items by inner product with `query` ([dim]), excluding none. */
  search(query: Float32Array, k: number): SearchResult;
  /** Writes the index to `path` (exact indices have nothing to write). */
  save(path: string): void;
}
