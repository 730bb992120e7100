import type { LoadedBundle } from '../../bundle/read.ts';
import { rankerReadsSources } from '../../bundle/sources-config.ts';
import { type QueryRow, queryRow, type RankingContext } from '../../features/ranking.ts';
import type { Origin } from '../../features/source-features.ts';
import type { SearchResult } from '../../index/candidate-index.ts';
import type { EmbeddedQuery } from './candidates.ts';

/** What the ranker scores: one query against the candidates the leading filters kept. */
export interface RankerInput {
  ctx: RankingContext;
  query: QueryRow;
  /** Item indices, in retrieval order. */
  items: number[];
  /**
   * Each item's position in the full retrieval result: training counted every catalogue item,
   * so a candidate keeps its rank even when filtered items above it are gone.
   */
  ranks: number[];
  /** The sources that produced each item (absent: the query tower's search alone). */
  origins?: readonly (readonly Origin[])[];
}

/** Feature assembly: the ranker's inputs for the kept positions of `found`. */
export function assembleFeatures(
  b: Pick<LoadedBundle, 'spec' | 'itemTable' | 'itemVectors' | 'manifest'>,
  q: EmbeddedQuery,
  found: SearchResult & { origins?: readonly (readonly Origin[])[] },
  kept: readonly number[],
  now: number,
): RankerInput {
  const dim = b.manifest.dims.dim;
  const sourceFeatures = rankerReadsSources(b.manifest.config);
  const { origins } = found;
  return {
    ctx: { spec: b.spec, items: b.itemTable, vectors: b.itemVectors, dim, sourceFeatures },
    query: queryRow(b.spec, dim, q.examples, 0, q.psi, 0, now),
    items: kept.map((r) => found.items[r]),
    ranks: [...kept],
    ...(origins ? { origins: kept.map((r) => origins[r]) } : {}),
  };
}
