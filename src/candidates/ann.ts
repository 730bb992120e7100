import type { CandidateSource } from './source.ts';

/**
 * `ann`: the query tower's nearest items through the index (HNSW or exact), the design's main
 * source. Its quota is the search depth, which counts the user's watched items the leading
 * filters will drop.
 */
export const annSource: CandidateSource = {
  name: 'ann',
  generate({ bundle, psi }, quota) {
    if (quota <= 0) return { source: 'ann', items: [], scores: [] };
    const found = bundle.index.search(psi, quota);
    return { source: 'ann', items: found.items, scores: found.scores };
  },
};
