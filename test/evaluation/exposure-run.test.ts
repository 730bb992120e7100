import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_EXPOSURE_SETTINGS,
  type ExposureRow,
  formatExposureTable,
  parseExposureSettings,
} from '../../src/evaluation/exposure-run.ts';

test('settings: split by ";", parameters by ","; "none" (or empty) is no rule', () => {
  assert.deepEqual(parseExposureSettings('none;maxPerProvider=2;longTailMin=1,longTailMargin=0.5'), [
    { name: 'none', rules: {} },
    { name: 'maxPerProvider=2', rules: { maxPerProvider: 2 } },
    { name: 'longTailMin=1,longTailMargin=0.5', rules: { longTailMin: 1, longTailMargin: 0.5 } },
  ]);
  const all = parseExposureSettings(DEFAULT_EXPOSURE_SETTINGS);
  assert.ok(Array.isArray(all) && all[0].name === 'none' && all.length > 5);
});

test('settings: an unknown parameter or a bad value is a problem naming it', () => {
  for (const bad of [
    'maxPerTopic=2',
    'maxPerProvider',
    'maxPerProvider=',
    'longTailMin=-1',
    'longTailMin=x',
  ]) {
    const got = parseExposureSettings(bad);
    assert.ok('problem' in got, bad);
    assert.match(got.problem, /expected maxPerProvider\|longTailMin/);
  }
});

test('the table: one row per setting, accuracy relative to "none", the exposure figures', () => {
  const row = (setting: string, r10: number, ndcg: number, gini: number): ExposureRow => ({
    setting,
    rules: {},
    recall: { 10: r10 },
    ndcg10: ndcg,
    mrr: 0,
    coverage10: 0,
    popularityPercentile: 0,
    exposure10: { itemGini: gini, providerGini: 0.5, longTailShare: 0.25 },
    users: 10,
    msPerRequest: 1,
  });
  const md = formatExposureTable({
    source: 'demo',
    testUsers: 10,
    rows: [row('none', 0.5, 0.3, 0.7), row('maxPerProvider=1', 0.4, 0.27, 0.75)],
  });
  assert.match(md, /\| none \| 0\.500 \(\+0 %\) \| 0\.300 \(\+0 %\) \| 0\.700 \| 0\.500 \| 0\.250 \|/);
  assert.match(md, /\| maxPerProvider=1 \| 0\.400 \(-20 %\) \| 0\.270 \(-10 %\) \| 0\.750 \|/);
});
