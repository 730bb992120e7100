import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bundleSources,
  DEFAULT_SOURCES,
  isSourceName,
  MAX_QUOTA,
  parseQuotas,
  SOURCE_NAMES,
  withQuotas,
} from '../../src/bundle/sources-config.ts';

const problem = (text: string): string => {
  const got = parseQuotas(text);
  assert.ok('problem' in got, `${text} should be refused`);
  return got.problem;
};

test('the sources in merge order, ann first; only their names are source names', () => {
  assert.deepEqual([...SOURCE_NAMES], ['ann', 'related', 'neighbours', 'fresh', 'trending']);
  for (const n of SOURCE_NAMES) assert.equal(isSourceName(n), true);
  assert.equal(isSourceName('Ann'), false);
  assert.equal(isSourceName(''), false);
  assert.equal(isSourceName('toString'), false);
});

test('parseQuotas reads name:quota pairs, spaces around a pair allowed', () => {
  assert.deepEqual(parseQuotas('ann:150,fresh:20'), { quotas: { ann: 150, fresh: 20 } });
  assert.deepEqual(parseQuotas('trending:0'), { quotas: { trending: 0 } });
  assert.deepEqual(parseQuotas(` related:5 , neighbours:${MAX_QUOTA}`), {
    quotas: { related: 5, neighbours: MAX_QUOTA },
  });
  assert.deepEqual(parseQuotas(SOURCE_NAMES.map((n, i) => `${n}:${i}`).join(',')), {
    quotas: { ann: 0, related: 1, neighbours: 2, fresh: 3, trending: 4 },
  });
});

test('parseQuotas refuses an unknown source, naming it and the known ones', () => {
  const p = problem('ann:10,viral:5');
  assert.match(p, /unknown source "viral"/);
  assert.match(p, /known: ann, related, neighbours, fresh, trending/);
  assert.match(problem('ANN:10'), /unknown source "ANN"/);
  assert.match(problem(''), /unknown source ""/);
  assert.match(problem('ann:1,'), /unknown source ""/);
});

test('parseQuotas refuses a quota that is not an integer in 0..MAX_QUOTA', () => {
  for (const bad of ['ann:1.5', 'ann:-1', 'ann:abc', 'ann:1e3', 'ann:+5', 'ann: 5', 'ann:0x10', 'ann:10000'])
    assert.match(problem(bad), new RegExp(`source ann needs a quota 0\\.\\.${MAX_QUOTA}, as in ann:20`), bad);
  assert.match(problem(`fresh:${MAX_QUOTA + 1}`), /source fresh needs a quota 0\.\.1000/);
  assert.match(problem('fresh:9999'), /source fresh needs a quota/);
});

test('parseQuotas refuses a missing quota and a pair with two colons', () => {
  assert.match(problem('ann'), /source ann needs a quota/);
  assert.match(problem('ann:'), /source ann needs a quota/);
  assert.match(problem('ann:5:6'), /source ann needs a quota/);
});

test('parseQuotas refuses a source named twice', () => {
  assert.equal(problem('ann:10,fresh:2,ann:10'), 'source ann is named twice');
  assert.equal(problem('trending:0,trending:1'), 'source trending is named twice');
});

test('bundleSources: a bundle without `sources` (older) serves the defaults, ann alone', () => {
  assert.equal(bundleSources({}), DEFAULT_SOURCES);
  assert.deepEqual(bundleSources({ rules: {} }), DEFAULT_SOURCES);
  assert.deepEqual(DEFAULT_SOURCES.quotas, { ann: 200, related: 0, neighbours: 0, fresh: 0, trending: 0 });
});

test('bundleSources merges a partial configuration and partial quotas over the defaults', () => {
  const got = bundleSources({ sources: { freshDays: 3, quotas: { fresh: 25 } } });
  assert.deepEqual(got, {
    ...DEFAULT_SOURCES,
    freshDays: 3,
    quotas: { ...DEFAULT_SOURCES.quotas, fresh: 25 },
  });
  const noQuotas = bundleSources({ sources: { neighbourUsers: 7 } });
  assert.deepEqual(noQuotas.quotas, DEFAULT_SOURCES.quotas);
  assert.equal(noQuotas.neighbourUsers, 7);
  assert.equal(noQuotas.relatedSeeds, DEFAULT_SOURCES.relatedSeeds);
  // The defaults are not mutated by a merge.
  assert.equal(DEFAULT_SOURCES.quotas.fresh, 0);
  assert.equal(DEFAULT_SOURCES.freshDays, 14);
});

test('withQuotas: the request names replace the bundle’s, the rest stay', () => {
  const base = { ann: 200, related: 0, neighbours: 0, fresh: 10, trending: 0 };
  assert.equal(withQuotas(base, undefined), base);
  assert.deepEqual(withQuotas(base, { ann: 0, trending: 10 }), { ...base, ann: 0, trending: 10 });
  assert.deepEqual(withQuotas(base, {}), base);
  assert.equal(base.ann, 200, 'base untouched');
});
