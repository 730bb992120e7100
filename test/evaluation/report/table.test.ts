import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRankingTable, formatTable } from '../../../src/evaluation/report/table.ts';
import { report } from '../../helpers/eval-report.ts';

test('one aligned row per model, figures to three decimals, missing ones as "-"', () => {
  const lines = formatTable(report).split('\n');
  assert.equal(
    lines[0],
    'demo: 500 items, 80 users, 9000 events; leave-last-out, 75 test users, full catalogue',
  );
  assert.match(
    lines[1],
    /^model\s+R@10\s+R@50\s+R@100\s+R@200\s+NDCG@10\s+MRR\s+cov@10\s+pop%\s+off-topic\s+wt@10 s\s+Gini item\s+Gini prov\s+tail@10\s+train s$/,
  );
  assert.match(lines[2], /^-+( +-+){14}$/);
  const [dnn, pop] = [lines[3], lines[4]];
  assert.match(
    dnn,
    /^softmax\s+0\.457\s+0\.700\s+0\.800\s+0\.900\s+0\.250\s+0\.200\s+0\.300\s+0\.100\s+0\.050\s+123\.5\s+-\s+-\s+-\s+12\.3$/,
  );
  assert.match(pop, /^popular\s+.*0\.000\s+-\s+-\s+-\s+-\s+-\s+0\.0$/);
  assert.equal(new Set(lines.slice(1, 5).map((l) => l.length)).size, 1, 'columns aligned');
  assert.match(lines[5], /held-out watches themselves: 0\.125/);
});

test('exposure: item Gini, provider Gini and the long-tail share of the top 10, "-" where unknown', () => {
  const [softmax, popular] = report.results;
  const lines = formatTable({
    ...report,
    results: [
      { ...softmax, exposure10: { itemGini: 0.7421, providerGini: 0.666, longTailShare: 0.3 } },
      { ...popular, exposure10: { itemGini: 0.98, longTailShare: 0 } },
    ],
  }).split('\n');
  assert.match(lines[3], /\s+0\.742\s+0\.666\s+0\.300\s+12\.3$/);
  assert.match(lines[4], /\s+0\.980\s+-\s+0\.000\s+0\.0$/, 'no providers (MovieLens): "-"');
});

test('without planted topics there is no off-topic footnote', () => {
  const { truthOffTopicShare: _, ...rest } = report;
  assert.equal(formatTable(rest).split('\n').at(-1), '');
});

test('the ranking table: a header and one row per scorer', () => {
  const out = formatRankingTable('src', [
    {
      scorer: 'logistic',
      auc: 0.7,
      weightedAuc: 0.75,
      watchTimeTop10: 800.04,
      ndcg10WatchTime: 0.6,
      examples: 12,
      trainMs: 0,
    },
  ]);
  const lines = out.split('\n');
  assert.match(lines[0], /^src: held-out impressions/);
  assert.match(lines[2], /^logistic\s+0\.700\s+0\.750\s+800\.0\s+0\.600\s+12$/);
  assert.ok(out.endsWith('\n'));
});
