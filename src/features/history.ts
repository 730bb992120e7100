/**
 * The watch history as the query tower reads it: the last N watched item indices, most recent
 * last, padded on the left with -1, and two weightings over those slots:
 * - `mean`: 1/len on every real slot (the YouTube paper's average of watch embeddings);
 * - `recent`: geometric decay towards older watches, normalised to sum 1, because the most
 *   recent watches predict the next one best (see shared quality bar: order matters).
 * Padding slots get weight 0 and read row 0 of the table, so they contribute nothing.
 */
export const RECENCY_DECAY = 0.75;

export function writeHistory(
  watched: readonly number[],
  n: number,
  ids: Int32Array,
  meanW: Float32Array,
  recentW: Float32Array,
  offset: number,
): void {
  const len = Math.min(n, watched.length);
  const start = watched.length - len;
  let recentSum = 0;
  for (let s = 0; s < n; s++) {
    const k = s - (n - len); // position inside the real slots
    if (k < 0) {
      ids[offset + s] = 0;
      meanW[offset + s] = 0;
      recentW[offset + s] = 0;
      continue;
    }
    ids[offset + s] = watched[start + k];
    meanW[offset + s] = 1 / len;
    const w = RECENCY_DECAY ** (len - 1 - k);
    recentW[offset + s] = w;
    recentSum += w;
  }
  if (recentSum > 0) for (let s = 0; s < n; s++) recentW[offset + s] /= recentSum;
}
