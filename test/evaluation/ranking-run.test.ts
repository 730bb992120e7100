import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { generateWorld } from '../../src/data/demo/world.ts';
import { evaluateRanking, type ScorerResult } from '../../src/evaluation/ranking-run.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { createProgress } from '../../src/training/progress.ts';

const world = generateWorld({ seed: 3, scale: 0.02 });
const dataset = { ...world, source: 'tiny' };
let rows: ScorerResult[];
let tensorsBefore: number;
let tensorsAfter: number;

before(async () => {
  await initTf('wasm');
  tensorsBefore = tf.memory().numTensors;
  rows = await evaluateRanking(dataset, createProgress(false));
  tensorsAfter = tf.memory().numTensors;
});

const withoutTimes = (r: readonly ScorerResult[]) => r.map(({ trainMs: _, ...rest }) => rest);

test('four scorers, the retrieval order first, each on the same held-out impressions', () => {
  assert.deepEqual(
    rows.map((r) => r.scorer),
    ['retrieval-order', 'weighted-logistic', 'logistic', 'neumf'],
  );
  const examples = rows[0].examples;
  assert.ok(examples > 0);
  for (const r of rows) {
    assert.equal(r.examples, examples, r.scorer);
    for (const m of [r.auc, r.weightedAuc, r.ndcg10WatchTime])
      assert.ok(m >= 0 && m <= 1, `${r.scorer}: ${m}`);
    assert.ok(r.watchTimeTop10 > 0, `${r.scorer}: watch time of the top 10`);
    assert.ok(Number.isInteger(r.trainMs) && r.trainMs >= 0);
  }
  assert.equal(rows[0].trainMs, 0, 'the retrieval order trains nothing');
});

test('the two losses train different rankers', () => {
  const [, weighted, logistic] = rows;
  assert.notDeepEqual(withoutTimes([weighted]), withoutTimes([logistic]));
});

test('the same data gives the same figures (seeded training, no hidden randomness)', async () => {
  const again = await evaluateRanking(dataset, createProgress(false));
  assert.deepEqual(withoutTimes(again), withoutTimes(rows));
});

test('every model it trains is freed', () => {
  assert.equal(tensorsAfter, tensorsBefore);
});

test('data without impressions: a ConfigError naming the source, before any training', async () => {
  const noImpressions = {
    ...dataset,
    source: 'ml-like',
    events: world.events.filter((e) => e.type !== 'impression'),
  };
  const before = tf.memory().numTensors;
  await assert.rejects(
    evaluateRanking(noImpressions, createProgress(false)),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'CONFIG_INVALID');
      assert.equal(
        e.message,
        'ml-like: no impression events, so there is nothing to rank on held-out impressions',
      );
      return true;
    },
  );
  assert.equal(tf.memory().numTensors, before);
});
