import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { rankerWidth } from '../../src/features/ranking.ts';
import type { SoftmaxDnn } from '../../src/models/retrieval/softmax-dnn.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { createProgress } from '../../src/training/progress.ts';
import { retrievalRank as featuresRank } from '../../src/training/rank-columns.ts';
import { DEFAULT_RANKER_CONFIG as configDefault } from '../../src/training/ranker-config.ts';
import { rawExamples } from '../../src/training/ranker-examples.ts';
import { rankerMetrics } from '../../src/training/ranker-metrics.ts';
import { createModel } from '../../src/training/retrieval-model.ts';
import {
  DEFAULT_RANKER_CONFIG,
  type RankerResult,
  type RankerTrainConfig,
  retrievalRank,
  trainRanker,
} from '../../src/training/train-ranker.ts';
import { TINY_RANKER, TINY_RETRIEVAL, type TrainingWorld, trainingWorld } from '../helpers/training-world.ts';

let w: TrainingWorld;
let retrieval: SoftmaxDnn;
let r: RankerResult;
const config: RankerTrainConfig = { ...TINY_RANKER, epochs: 2, maxExamples: 600, validShare: 0.25 };
const train = (c: RankerTrainConfig) =>
  trainRanker(w.spec, w.itemTable, retrieval, w.timelines, w.users, c, createProgress(false));

before(async () => {
  await initTf('wasm');
  w = trainingWorld();
  retrieval = createModel(w.spec, TINY_RETRIEVAL, w.items, 1e12);
  r = await train(config);
});

test('re-exports: the ranker defaults and retrievalRank', () => {
  assert.equal(DEFAULT_RANKER_CONFIG, configDefault);
  assert.equal(retrievalRank, featuresRank);
});

test('the examples are split by time: the latest validShare validate', () => {
  const { train: tr, valid } = r.split;
  // Moments are sampled to about maxExamples' worth of examples, then the cap trims any excess.
  const size = tr.size + valid.size;
  assert.ok(size <= 600 && size > 540, `maxExamples caps the sample: ${size}`);
  assert.equal(tr.size, Math.floor(size * 0.75));
  const lastTrain = Math.max(...tr.time);
  assert.ok(valid.time.every((t) => t >= lastTrain));
  assert.equal(r.trainExamples, tr.size);
  const width = rankerWidth(w.spec, TINY_RETRIEVAL.dim, true);
  assert.equal(tr.features.length, tr.size * width);
  assert.equal(r.sourceFeatures, true, 'trained on the replayed merged candidate sets (the default)');
  assert.equal(r.model.config.inputWidth, width);
  assert.deepEqual(r.model.config.hidden, [8]);
});

test('one curve entry per epoch with validation AUC; the final figures are the trained model’s', () => {
  assert.deepEqual(
    r.curve.map((c) => c.epoch),
    [1, 2],
  );
  for (const c of r.curve) {
    assert.ok(Number.isFinite(c.loss));
    assert.ok(c.auc >= 0 && c.auc <= 1 && c.weightedAuc >= 0 && c.weightedAuc <= 1);
  }
  const { valid } = r.split;
  assert.deepEqual(r.validation, rankerMetrics(valid, r.model.score(valid.features, valid.size)));
  assert.equal(r.validation.examples, valid.size);
  assert.equal(r.curve[1].auc, r.validation.auc, 'the last epoch’s AUC is the final one');
});

test('training weights: a watch weighs its watch time, a skip 1', () => {
  const raw = rawExamples(w.spec, retrieval, w.timelines, w.users, config);
  assert.ok(raw.length <= 600 && raw.length > 540, `${raw.length} examples`);
  const { train: tr } = r.split;
  for (let i = 0; i < tr.size; i++) {
    if (tr.labels[i] === 0) assert.equal(tr.weights[i], 1);
    else assert.equal(tr.weights[i], tr.watchTime[i]);
  }
});

test('seeded: the same config trains the same ranker; the plain logistic loss another one', async () => {
  const again = await train(config);
  assert.deepEqual(again.validation, r.validation);
  const logistic = await train({ ...config, loss: 'logistic' });
  assert.equal(logistic.split.train.size, r.split.train.size, 'the same examples');
  assert.notDeepEqual(logistic.curve[0].loss, r.curve[0].loss);
  const before = tf.memory().numTensors;
  for (const m of [again.model, logistic.model]) m.dispose();
  assert.ok(tf.memory().numTensors < before);
});
