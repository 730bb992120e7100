import type { Impression } from '../data/interactions.ts';
import type { Origin } from '../features/source-features.ts';

/** An impression (real, or a sampled negative) with its user and the count of earlier watches. */
export interface RawExample extends Impression {
  user: string;
  before: number;
  /** With source columns: the other sources that produced the item at its moment (replayed). */
  others?: Origin[];
  /** With source columns: its rank in the merged candidate list, when only other sources have it. */
  mergedRank?: number;
}
