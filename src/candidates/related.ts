import type { SearchResult } from '../index/candidate-index.ts';
import { type CandidateSource, type SourceInput, seenOrDisliked } from './source.ts';

/** Nearest items to one item, in embedding space (the NeighbourCache answers it for serving). */
export type NeighbourLookup = (item: number, want: number) => SearchResult;

/**
 * `related`: items nearest, in embedding space, to the user's last `seeds` watches, taken in
 * turns (the first neighbour of each seed, then the second...) so the latest watch does not
 * crowd out the others: "related videos" of the design.
 */
export function relatedSource(neighbours: NeighbourLookup, seeds: number): CandidateSource {
  return {
    name: 'related',
    generate(input: SourceInput, quota) {
      const { state } = input;
      const from = state.watched.slice(-seeds).reverse();
      if (quota <= 0 || from.length === 0) return { source: 'related', items: [] };
      const want = quota + state.watchedAt.size + state.disliked.size + 1;
      const lists = from.map((item) => neighbours(item, want).items);
      const out: number[] = [];
      const taken = new Set<number>();
      const longest = Math.max(...lists.map((l) => l.length));
      for (let r = 0; r < longest && out.length < quota; r++) {
        for (const list of lists) {
          const item = list[r];
          if (item === undefined || taken.has(item) || seenOrDisliked(state, item)) continue;
          taken.add(item);
          out.push(item);
          if (out.length === quota) break;
        }
      }
      return { source: 'related', items: out };
    },
  };
}
