/**
 * The item–item co-occurrence (Gram) matrix G = XᵀX of the binary user × item watch matrix X:
 * G[i][j] = number of users who watched both i and j, G[i][i] = watchers of i. Both closed-form
 * baselines (EASE, item-kNN) start from it. Repeated watches of an item by one user count once.
 * Row-major [numItems * numItems]; index 0 (the out-of-vocabulary bucket) stays empty.
 */
export function gramMatrix(histories: Iterable<readonly number[]>, numItems: number): Float64Array {
  const g = new Float64Array(numItems * numItems);
  for (const history of histories) {
    const items = [...new Set(history)].filter((i) => i > 0 && i < numItems);
    for (const i of items) {
      const row = i * numItems;
      for (const j of items) g[row + j] += 1;
    }
  }
  return g;
}

/** Σ over the user's distinct items of row i of `weights` ([n * n]): the user's score for every item. */
export function scoreFromRows(
  weights: Float32Array | Float64Array,
  history: readonly number[],
  numItems: number,
): Float32Array {
  const scores = new Float32Array(numItems);
  for (const i of new Set(history)) {
    if (i <= 0 || i >= numItems) continue;
    const row = i * numItems;
    for (let j = 0; j < numItems; j++) scores[j] += weights[row + j];
  }
  scores[0] = Number.NEGATIVE_INFINITY;
  return scores;
}
