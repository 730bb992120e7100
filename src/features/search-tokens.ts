import { hashBucket } from '../data/hash.ts';

/**
 * Search text to model input: normalised tokens hashed into a fixed number of buckets, so the
 * vocabulary needs no fitting and a word first typed after training still lands in a bucket
 * (shared with whatever else hashes there). Bucket 0 is padding: tokens take 1..buckets.
 */

/** Buckets of the search-token embedding table (4096 rows of d=64: 1 MB of weights). */
export const DEFAULT_SEARCH_BUCKETS = 4096;

/** The most tokens one query contributes: a pasted paragraph must not drown the user's other searches. */
const MAX_TOKENS_PER_QUERY = 16;

// Anything that is not a letter, a mark or a digit separates tokens (punctuation, symbols, spaces).
const SEPARATOR = /[^\p{L}\p{M}\p{N}]+/u;

/**
 * The query's tokens: NFKC (full-width and compatibility forms fold to one spelling), lower
 * case, split on everything but letters, marks and digits; one-character tokens are dropped
 * (initials, stray digits: noise for a bag of words). At most 16, in order.
 */
export function searchTokens(query: string): string[] {
  const out: string[] = [];
  for (const t of query.normalize('NFKC').toLowerCase().split(SEPARATOR)) {
    if ([...t].length < 2) continue;
    out.push(t);
    if (out.length === MAX_TOKENS_PER_QUERY) break;
  }
  return out;
}

/** The query's token buckets, 1..buckets (FNV-1a, the same function in training and serving). */
export function searchBuckets(query: string, buckets: number): number[] {
  return searchTokens(query).map((t) => 1 + hashBucket(t, buckets));
}
