/**
 * Candidate sources as the ranker sees them. A candidate carries every source that produced it
 * and its rank there; the ranker reads that as two columns per source (produced it or not, and
 * the log of the rank), so it learns from the merged candidate sets of training how far to trust
 * each source. The names live here, in the features layer, because the ranker's column layout
 * is built from them; the bundle's sources configuration and serving re-use them.
 */

/** Every candidate source, in the order their candidates are merged, explained and featurised. */
export const SOURCE_NAMES = ['ann', 'related', 'neighbours', 'fresh', 'trending'] as const;

export type SourceName = (typeof SOURCE_NAMES)[number];

/** What explain names as an item's origin: a source, or `pinned` (placed after ranking, no quota). */
export type OriginName = SourceName | 'pinned';

/** Which source produced a candidate, and at which 0-based rank there. */
export interface Origin {
  source: OriginName;
  rank: number;
}

/** Ranker columns the sources take: a flag and a log rank per source. */
export const SOURCE_COLUMNS = 2 * SOURCE_NAMES.length;

/** The origins of a candidate that only the query tower's search produced, at `rank`. */
export const annOrigin = (rank: number): Origin[] => [{ source: 'ann', rank }];

/**
 * Writes the {@link SOURCE_COLUMNS} columns of one candidate at out[o ..]: per source in
 * SOURCE_NAMES order, 1 and log(1 + rank) / 6 when it produced the candidate, else 0 and 0.
 * `pinned` has no columns: pins are placed after ranking.
 */
export function writeSourceFeatures(origins: readonly Origin[], out: Float32Array, o: number): void {
  out.fill(0, o, o + SOURCE_COLUMNS);
  for (const { source, rank } of origins) {
    const s = (SOURCE_NAMES as readonly string[]).indexOf(source);
    if (s < 0) continue;
    out[o + 2 * s] = 1;
    out[o + 2 * s + 1] = Math.log1p(rank) / 6;
  }
}
