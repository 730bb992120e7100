import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildRetrievalData, dataEnd } from '../../src/features/query.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { createProgress } from '../../src/training/progress.ts';
import { DEFAULT_RETRIEVAL_CONFIG as reExported } from '../../src/training/retrieval-config.ts';
import {
  DEFAULT_RETRIEVAL_CONFIG,
  type RetrievalResult,
  type RetrievalTrainConfig,
  trainRetrieval,
} from '../../src/training/train-retrieval.ts';
import { TINY_RETRIEVAL, type TrainingWorld, trainingWorld } from '../helpers/training-world.ts';

let w: TrainingWorld;
let r: RetrievalResult;
let tensorsBefore: number;
const quiet = createProgress(false);
const train = (o: Partial<RetrievalTrainConfig>, timelines = w.timelines) =>
  trainRetrieval(w.spec, timelines, w.users, w.counts, { ...TINY_RETRIEVAL, ...o }, quiet, w.items);

before(async () => {
  await initTf('wasm');
  w = trainingWorld();
  tensorsBefore = tf.memory().numTensors;
  r = await train({ epochs: 2, patience: 5 });
});

test('the default config is the one retrieval-config.ts defines', () => {
  assert.equal(DEFAULT_RETRIEVAL_CONFIG, reExported);
});

test('without refit: the tuned network is the one served, one curve entry per epoch with validation figures', () => {
  assert.equal(r.tuned, undefined);
  assert.deepEqual(
    r.curve.map((c) => c.epoch),
    [1, 2],
  );
  for (const c of r.curve) {
    assert.ok(Number.isFinite(c.loss) && c.loss > 0);
    assert.ok(c.ndcg10 >= 0 && c.ndcg10 <= 1);
    assert.ok(c.recall100 >= 0 && c.recall100 <= 1);
    assert.equal(c.refit, undefined);
  }
  assert.equal(r.model.config.dim, TINY_RETRIEVAL.dim);
});

test('leave-last-out: every watch but each user’s last trains, the last ones validate', () => {
  const data = buildRetrievalData(w.spec, w.timelines.values(), w.users);
  assert.equal(r.trainExamples, data.train.size);
  assert.equal(r.valid.valid.size, data.valid.size);
  assert.deepEqual(r.valid.validTime, data.validTime);
  assert.equal(r.validation.users, data.valid.size, 'every validation row is ranked');
  for (const k of [10, 50, 100, 200]) assert.ok(r.validation.recall[k] >= 0 && r.validation.recall[k] <= 1);
  assert.ok(r.validation.recall[10] <= r.validation.recall[100]);
});

test('the validation figures are those of the weights kept (the best epoch)', () => {
  const best = Math.max(...r.curve.map((c) => c.ndcg10));
  assert.ok(Math.abs(r.validation.ndcg10 - best) < 1e-12);
});

test('item ages are measured at the end of the data; timings are whole milliseconds', () => {
  assert.equal(r.itemFeatureTime, dataEnd(w.timelines.values()));
  assert.ok(Number.isInteger(r.ms) && Number.isInteger(r.examplesMs) && r.examplesMs <= r.ms);
});

test('disposing the model frees every tensor the training made', () => {
  r.model.dispose();
  assert.equal(tf.memory().numTensors, tensorsBefore);
});

test('patience 0 stops after the first epoch', async () => {
  const p = await train({ epochs: 3, patience: 0 });
  assert.equal(p.curve.length, 1);
  p.model.dispose();
});

test('sequence training: the same training positions, the same validation rows', async () => {
  const s = await train({ sequenceTraining: true, sequenceWindow: 4 });
  assert.equal(s.trainExamples, r.trainExamples);
  assert.equal(s.valid.valid.size, r.valid.valid.size);
  assert.equal(s.curve.length, 1);
  s.model.dispose();
});

test('nothing to hold out (one watch a user): no refit is started and every epoch is trained', async () => {
  const single = new Map(
    [...w.timelines].map(([id, tl]) => [id, { ...tl, watches: tl.watches.slice(0, 1) }]),
  );
  const s = await train({ epochs: 3, refit: true }, single);
  assert.equal(s.valid.valid.size, 0);
  assert.equal(s.tuned, undefined);
  assert.equal(s.curve.length, 3);
  assert.ok(!s.curve.some((c) => c.refit === 1));
  s.model.dispose();
});

test('nothing to hold out: the weights served are the last epoch’s, not the first’s', async () => {
  const single = new Map(
    [...w.timelines].map(([id, tl]) => [id, { ...tl, watches: tl.watches.slice(0, 1) }]),
  );
  const one = await train({ epochs: 1 }, single);
  const three = await train({ epochs: 3 }, single);
  assert.notDeepEqual(three.model.itemVectors(), one.model.itemVectors());
  one.model.dispose();
  three.model.dispose();
});
