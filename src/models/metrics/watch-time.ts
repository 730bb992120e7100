/**
 * Watch-time metrics of a scorer on held-out impressions, per user: sort the user's impressions
 * by score, then
 * - watch time of the top 10 = Σ watch time of the 10 best-scored impressions;
 * - NDCG@10 with watch time as the gain = DCG / ideal DCG, DCG = Σ_i wt_i / log2(i + 2).
 * Both are averaged over users with at least one watched impression.
 */
export function watchTimeMetrics(
  users: ArrayLike<number>,
  scores: ArrayLike<number>,
  watchTime: ArrayLike<number>,
): { watchTimeTop10: number; ndcg10WatchTime: number; users: number } {
  const byUser = new Map<number, number[]>();
  for (let i = 0; i < users.length; i++) {
    const list = byUser.get(users[i]) ?? [];
    list.push(i);
    byUser.set(users[i], list);
  }
  let top = 0;
  let ndcg = 0;
  let n = 0;
  const dcg = (rows: number[]) =>
    rows.slice(0, 10).reduce((s, r, i) => s + watchTime[r] / Math.log2(i + 2), 0);
  for (const rows of byUser.values()) {
    if (!rows.some((r) => watchTime[r] > 0)) continue;
    n++;
    const ranked = [...rows].sort((a, b) => scores[b] - scores[a] || a - b);
    const ideal = [...rows].sort((a, b) => watchTime[b] - watchTime[a]);
    top += ranked.slice(0, 10).reduce((s, r) => s + watchTime[r], 0);
    ndcg += dcg(ranked) / dcg(ideal);
  }
  return { watchTimeTop10: n ? top / n : 0, ndcg10WatchTime: n ? ndcg / n : 0, users: n };
}
