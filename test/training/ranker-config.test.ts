import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RANKER_CONFIG, RANKER_WHEN, rankerDecision } from '../../src/training/ranker-config.ts';

const tl = (impressions: number) => ({ impressions: Array.from({ length: impressions }, () => ({})) });

test('auto counts the impressions of every timeline in its reason', () => {
  const d = rankerDecision('auto', [tl(2), tl(0), tl(5)]);
  assert.deepEqual(d, { train: true, reason: '7 impressions to learn from' });
});

test('auto reads any iterable once: a generator, a map’s values', () => {
  function* gen() {
    yield tl(1);
    yield tl(0);
  }
  assert.equal(rankerDecision('auto', gen()).train, true);
  assert.equal(rankerDecision('auto', new Map([['u', tl(0)]]).values()).train, false);
});

test('auto on no timelines at all: no ranker, and the reason says how to force one', () => {
  const d = rankerDecision('auto', []);
  assert.equal(d.train, false);
  assert.match(d.reason, /--ranker always/);
});

test('always and never do not look at the data, and say which setting decided', () => {
  let read = false;
  const spy = {
    *[Symbol.iterator]() {
      read = true;
      yield tl(1);
    },
  };
  assert.deepEqual(rankerDecision('always', spy), { train: true, reason: 'ranker.when is always' });
  assert.deepEqual(rankerDecision('never', spy), { train: false, reason: 'ranker.when is never' });
  assert.equal(read, false);
});

test('the defaults: auto, every when value listed, a held-out share strictly between 0 and 1', () => {
  assert.deepEqual([...RANKER_WHEN], ['auto', 'always', 'never']);
  assert.ok(RANKER_WHEN.includes(DEFAULT_RANKER_CONFIG.when));
  assert.equal(DEFAULT_RANKER_CONFIG.when, 'auto');
  assert.ok(DEFAULT_RANKER_CONFIG.validShare > 0 && DEFAULT_RANKER_CONFIG.validShare < 1);
  assert.equal(DEFAULT_RANKER_CONFIG.loss, 'weighted-logistic');
  assert.equal(DEFAULT_RANKER_CONFIG.retrievalNegatives, 'always');
});
