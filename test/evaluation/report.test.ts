import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScorerResult } from '../../src/evaluation/ranking-run.ts';
import { formatRankingHtml } from '../../src/evaluation/report/html.ts';
import { formatRankingTable } from '../../src/evaluation/report/table.ts';

const rows: ScorerResult[] = [
  {
    scorer: 'weighted-logistic',
    auc: 0.745,
    weightedAuc: 0.787,
    watchTimeTop10: 868.7,
    ndcg10WatchTime: 0.761,
    examples: 2115,
    trainMs: 1,
  },
  {
    scorer: 'logistic',
    auc: 0.763,
    weightedAuc: 0.773,
    watchTimeTop10: 861.2,
    ndcg10WatchTime: 0.775,
    examples: 2115,
    trainMs: 1,
  },
  {
    scorer: 'neumf',
    auc: 0.553,
    weightedAuc: 0.563,
    watchTimeTop10: 829.6,
    ndcg10WatchTime: 0.666,
    examples: 2115,
    trainMs: 1,
  },
];

test('the ranking report: a table row and a chart bar per scorer, values in the bar titles', () => {
  const table = formatRankingTable('data/x', rows);
  for (const r of rows) assert.match(table, new RegExp(`^${r.scorer}\\s+${r.auc.toFixed(3)}`, 'm'));
  const html = formatRankingHtml(rows, table);
  assert.match(html, /^<!doctype html>/);
  for (const r of rows) {
    assert.ok(html.includes(`${r.scorer} watch time top 10: ${r.watchTimeTop10.toFixed(4)}`), r.scorer);
    assert.ok(html.includes(`${r.scorer} weighted AUC: ${r.weightedAuc.toFixed(4)}`), r.scorer);
  }
  assert.equal(
    (html.match(/<rect /g) ?? []).length,
    rows.length * 4,
    '3 quality bars + 1 watch-time bar each',
  );
  assert.ok(!html.includes('<script'), 'self-contained, no scripts');
});
