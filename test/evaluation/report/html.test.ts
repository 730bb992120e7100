import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHtml } from '../../../src/evaluation/report/html.ts';
import { formatTable } from '../../../src/evaluation/report/table.ts';
import { report } from '../../helpers/eval-report.ts';

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

test('a self-contained page: metric bars per model, recall and loss lines, the table', () => {
  const html = formatHtml(report, formatTable(report));
  assert.ok(html.startsWith('<!doctype html>'));
  assert.ok(!/<script|<link|src=/.test(html), 'nothing loaded from elsewhere');
  assert.equal(count(html, /<svg /g), 3, 'metric bars, recall@K, loss');
  assert.equal(count(html, /<rect /g), 3 * report.results.length, 'three metrics x two models');
  assert.match(html, /<title>softmax NDCG@10: 0\.2500<\/title>/);
  assert.equal(
    count(html, /<polyline /g),
    report.results.length + 1,
    'recall for both, loss for the one with a curve',
  );
  assert.ok(html.includes('<pre>demo: 500 items'));
});

test('text is escaped: a model or source name cannot inject markup', () => {
  const evil = {
    ...report,
    data: { ...report.data, source: '<script>x</script>' },
    results: report.results.map((r) => ({ ...r, curve: undefined })),
  };
  const html = formatHtml(evil, formatTable(evil));
  assert.ok(!html.includes('<script>'));
  assert.ok(html.includes('&#60;script&#62;'));
  assert.equal(count(html, /<svg /g), 2, 'no loss chart without curves');
});

test('all-zero metrics draw empty bars, not NaN', () => {
  const zero = {
    ...report,
    results: report.results.map((r) => ({ ...r, ndcg10: 0, mrr: 0, coverage10: 0 })),
  };
  const html = formatHtml(zero, '');
  assert.ok(!html.includes('NaN'));
  assert.match(html, /height="0"/);
});
