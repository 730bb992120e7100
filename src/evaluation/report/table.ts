import type { ScorerResult } from '../ranking-run.ts';
import type { EvalReport } from '../run.ts';

const pct = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(3));

/**
 * The evaluation as an aligned terminal table, one row per model. Gini item / prov: the Gini of
 * the top-10 slots over items / providers; tail@10: their share outside the 20 % most watched.
 */
export function formatTable(report: EvalReport): string {
  const head = [
    'model',
    'R@10',
    'R@50',
    'R@100',
    'R@200',
    'NDCG@10',
    'MRR',
    'cov@10',
    'pop%',
    'off-topic',
    'wt@10 s',
    'Gini item',
    'Gini prov',
    'tail@10',
    'train s',
  ];
  const rows = report.results.map((r) => [
    r.model,
    pct(r.recall[10]),
    pct(r.recall[50]),
    pct(r.recall[100]),
    pct(r.recall[200]),
    pct(r.ndcg10),
    pct(r.mrr),
    pct(r.coverage10),
    pct(r.popularityPercentile),
    pct(r.offTopicShare),
    r.watchTime10 === undefined ? '-' : r.watchTime10.toFixed(1),
    pct(r.exposure10?.itemGini),
    pct(r.exposure10?.providerGini),
    pct(r.exposure10?.longTailShare),
    (r.trainMs / 1000).toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const d = report.data;
  return [
    `${d.source}: ${d.items} items, ${d.users} users, ${d.events} events; ${report.split}, ${d.testUsers} test users${d.testSubset ? ` (${d.testSubset})` : ''}, full catalogue`,
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    report.truthOffTopicShare === undefined
      ? ''
      : `off-topic = share of top-10 items outside the user's planted topics; held-out watches themselves: ${pct(report.truthOffTopicShare)}`,
    ...report.results.flatMap((r) =>
      r.sourceShare10 ? [`${r.model}: top-10 share by source ${shares(r.sourceShare10)}`] : [],
    ),
  ].join('\n');
}

/** `ann 92.0 %, fresh 6.1 %`: an item two sources produced counts for both. */
const shares = (by: Record<string, number | undefined>): string =>
  Object.entries(by)
    .map(([s, v]) => `${s} ${((v ?? 0) * 100).toFixed(1)} %`)
    .join(', ');

/** `reco evaluate --task ranking` as an aligned terminal table, one row per scorer. */
export function formatRankingTable(source: string, rows: readonly ScorerResult[]): string {
  const head = 'scorer              AUC  weighted AUC  watch time top 10 (s)  NDCG@10 (watch time)  examples';
  return `${[
    `${source}: held-out impressions (latest 10 % by time), rankers trained on impressions only`,
    head,
    ...rows.map(
      (r) =>
        `${r.scorer.padEnd(17)}  ${r.auc.toFixed(3).padStart(5)}  ${r.weightedAuc.toFixed(3).padStart(12)}  ${r.watchTimeTop10.toFixed(1).padStart(21)}  ${r.ndcg10WatchTime.toFixed(3).padStart(20)}  ${String(r.examples).padStart(8)}`,
    ),
  ].join('\n')}\n`;
}
