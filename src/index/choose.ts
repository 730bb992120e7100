import type { CandidateIndex } from './candidate-index.ts';
import { ExactIndex } from './exact.ts';
import { HnswIndex, type HnswParams } from './hnsw.ts';
import { indexRecall } from './recall.ts';

export interface IndexChoice {
  index: CandidateIndex;
  kind: 'hnsw' | 'exact';
  /** recall@100 against exact search on the sample queries (1 for exact). */
  recallAt100: number;
  /** HNSW parameters, efSearch as widened to reach the recall target. */
  hnsw: HnswParams;
  /** HNSW's recall@100 at that efSearch (also when exact search was chosen). */
  hnswRecallAt100: number;
  /** Median time of one search for `k` candidates, per index, in ms. */
  latencyMs: { exact: number; hnsw: number };
  reason: string;
}

function medianSearchMs(index: CandidateIndex, queries: Float32Array, dim: number, k: number): number {
  const n = queries.length / dim;
  if (n === 0) return 0;
  const times: number[] = [];
  // Two passes: the first warms caches and JIT, the second is measured.
  for (let pass = 0; pass < 2; pass++) {
    for (let q = 0; q < n; q++) {
      const t0 = performance.now();
      index.search(queries.subarray(q * dim, (q + 1) * dim), k);
      if (pass === 1) times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * Builds the serving index for the item embeddings. HNSW's beam (efSearch) is widened until its
 * recall@100 against exact search reaches `targetRecall` on real queries; then both indices are
 * timed on those queries at the serving depth `k`, and exact search is chosen when it is as
 * fast (small catalogues: a brute-force scan of a few thousand rows beats a graph walk) or
 * when HNSW cannot reach the target.
 */
export function chooseIndex(
  vectors: Float32Array,
  dim: number,
  queries: Float32Array,
  opts: { hnsw: HnswParams; targetRecall: number; k: number },
): IndexChoice {
  const exact = new ExactIndex(vectors, dim);
  const hnsw = HnswIndex.build(vectors, dim, opts.hnsw);
  let recall = indexRecall(hnsw, exact, queries, dim, 100);
  while (recall < opts.targetRecall && hnsw.ef < hnsw.size) {
    hnsw.setEfSearch(Math.min(hnsw.size, hnsw.ef * 2));
    recall = indexRecall(hnsw, exact, queries, dim, 100);
  }
  const latencyMs = {
    exact: medianSearchMs(exact, queries, dim, opts.k),
    hnsw: medianSearchMs(hnsw, queries, dim, opts.k),
  };
  const params = { ...opts.hnsw, efSearch: hnsw.ef };
  const { kind, reason } = pickIndexKind(recall, opts.targetRecall, latencyMs, opts.k);
  const base = { hnsw: params, hnswRecallAt100: recall, latencyMs, reason };
  return kind === 'hnsw'
    ? { ...base, index: hnsw, kind, recallAt100: recall }
    : { ...base, index: exact, kind, recallAt100: 1 };
}

/**
 * The rule, apart from the measuring: exact search when HNSW misses the recall target or is not
 * faster at the serving depth `k`, else HNSW; the reason names the figures it went by.
 */
export function pickIndexKind(
  hnswRecall: number,
  targetRecall: number,
  latencyMs: { exact: number; hnsw: number },
  k: number,
): { kind: 'hnsw' | 'exact'; reason: string } {
  if (hnswRecall < targetRecall)
    return { kind: 'exact', reason: `HNSW recall@100 stayed at ${hnswRecall.toFixed(4)} < ${targetRecall}` };
  if (latencyMs.exact <= latencyMs.hnsw)
    return {
      kind: 'exact',
      reason: `exact search is as fast (${latencyMs.exact.toFixed(3)} ms vs HNSW ${latencyMs.hnsw.toFixed(3)} ms for ${k})`,
    };
  return {
    kind: 'hnsw',
    reason: `HNSW is faster (${latencyMs.hnsw.toFixed(3)} ms vs exact ${latencyMs.exact.toFixed(3)} ms for ${k})`,
  };
}
