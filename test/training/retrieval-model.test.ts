import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildRetrievalData } from '../../src/features/query.ts';
import { queryDenseWidth } from '../../src/features/spec.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import type { RetrievalTrainConfig } from '../../src/training/retrieval-config.ts';
import { createModel, logQ, retrievalLoss, trainingUnits } from '../../src/training/retrieval-model.ts';
import { TINY_RETRIEVAL, type TrainingWorld, trainingWorld } from '../helpers/training-world.ts';

let w: TrainingWorld;
before(async () => {
  await initTf('wasm');
  w = trainingWorld();
});

const cfg = (o: Partial<RetrievalTrainConfig> = {}): RetrievalTrainConfig => ({ ...TINY_RETRIEVAL, ...o });
const model = (o: Partial<RetrievalTrainConfig> = {}) => createModel(w.spec, cfg(o), w.items, 1e12);
const rows = Int32Array.from({ length: 16 }, (_, i) => i);
const lossOf = (o: Partial<RetrievalTrainConfig> = {}, seedModel = 7) => {
  const m = model({ seed: seedModel });
  const data = buildRetrievalData(w.spec, w.timelines.values(), w.users);
  const c = cfg(o);
  const f = retrievalLoss(m, w.spec, data.train, c, logQ(w.counts, c), () => 0.5);
  const value = tf.tidy(() => f(rows).dataSync()[0]);
  m.dispose();
  return value;
};

test('logQ: log of the expected count among a batch’s positives, unwatched items as half a watch', () => {
  const q = logQ(Float64Array.of(0, 2, 6, 0), cfg({ batchSize: 4, uniformNegatives: 0 }));
  const expected = [0.5, 2, 6, 0.5].map((c) => Math.fround(Math.log((4 * c) / 8)));
  assert.deepEqual([...q], expected);
});

test('logQ: uniform negatives add M / (N − 1) to every item; no watches at all divide by 1', () => {
  const q = logQ(Float64Array.of(0, 2, 6, 0), cfg({ batchSize: 4, uniformNegatives: 3 }));
  assert.deepEqual(
    [...q],
    [0.5, 2, 6, 0.5].map((c) => Math.fround(Math.log((4 * c) / 8 + 1))),
  );
  const empty = logQ(new Float64Array(3), cfg({ batchSize: 2, uniformNegatives: 0 }));
  assert.deepEqual(
    [...empty],
    [1, 1, 1].map(() => Math.fround(Math.log(2 * 0.5))),
  );
});

test('createModel: sized by the vocabulary and the spec, configured as asked, seeded', () => {
  const a = model({ dim: 4, hidden: [6] });
  assert.equal(a.config.numItems, w.spec.items.ids.length);
  assert.equal(a.config.denseWidth, queryDenseWidth(w.spec));
  assert.equal(a.config.historyLength, w.spec.historyLength);
  assert.equal(a.config.dim, 4);
  assert.deepEqual(a.config.hidden, [6]);
  const v = a.itemVectors();
  assert.equal(v.length, w.spec.items.ids.length * 4, 'item features are set: V can be computed');
  assert.ok(v.every(Number.isFinite));
  const b = model({ dim: 4, hidden: [6] });
  const c = model({ dim: 4, hidden: [6], seed: 8 });
  assert.deepEqual(b.itemVectors(), v, 'same seed, same network');
  assert.notDeepEqual(c.itemVectors(), v);
  for (const m of [a, b, c]) m.dispose();
});

test('createModel with id buckets maps the item ids, so V has a row per vocabulary item', () => {
  const m = model({ idBuckets: 7, itemRepresentation: 'id' });
  assert.equal(m.itemVectors().length, w.spec.items.ids.length * TINY_RETRIEVAL.dim);
  m.dispose();
});

test('every loss kind gives a finite positive scalar for a batch, and frees its tensors', () => {
  const before = tf.memory().numTensors;
  for (const loss of ['in-batch', 'full', 'positives-only'] as const) {
    const v = lossOf({ loss, l2: 0 });
    assert.ok(Number.isFinite(v), `${loss}: ${v}`);
    if (loss !== 'positives-only') assert.ok(v > 0, `${loss}: ${v}`);
  }
  assert.equal(tf.memory().numTensors, before);
});

test('the L2 penalty adds to the in-batch loss; the full softmax has none', () => {
  assert.ok(lossOf({ l2: 0.5 }) > lossOf({ l2: 0 }));
  assert.equal(lossOf({ loss: 'full', l2: 0.5 }), lossOf({ loss: 'full', l2: 0 }));
});

test('uniform and hard negatives enter the in-batch loss', () => {
  const plain = lossOf({ l2: 0 });
  const uniform = lossOf({ l2: 0, uniformNegatives: 8 });
  const hard = lossOf({ l2: 0, hardNegatives: 2 });
  assert.ok(Number.isFinite(uniform) && uniform !== plain);
  assert.ok(Number.isFinite(hard) && hard > plain, 'more negatives, the same positives: a larger loss');
});

test('per-cut units: one a training row, batches of batchSize, the given rows used as they are', () => {
  const data = buildRetrievalData(w.spec, w.timelines.values(), w.users);
  const u = trainingUnits(w.spec, w.timelines.values(), w.users, cfg({ batchSize: 32 }), true);
  assert.equal(u.size, data.train.size);
  assert.equal(u.examples, data.train.size);
  assert.equal(u.batchSize, 32);
  const all = trainingUnits(w.spec, w.timelines.values(), w.users, cfg(), false);
  const watches = [...w.timelines.values()].reduce((s, tl) => s + tl.watches.length, 0);
  assert.equal(all.size, watches, 'no hold-out: every watch');
  const given = trainingUnits(w.spec, [], w.users, cfg(), true, data.train);
  assert.equal(given.size, data.train.size, 'the rows handed in, not rebuilt from the (empty) timelines');
});

test('sequence units: windows of a user’s watches, the batch sized to batchSize positions', () => {
  const c = cfg({ sequenceTraining: true, sequenceWindow: 4, batchSize: 32 });
  const u = trainingUnits(w.spec, w.timelines.values(), w.users, c, true);
  const perCut = trainingUnits(w.spec, w.timelines.values(), w.users, cfg(), true);
  assert.equal(u.examples, perCut.examples, 'the same training positions');
  assert.ok(u.size > 0 && u.size < u.examples);
  assert.ok(u.size * 4 >= u.examples, 'at most 4 positions a window');
  assert.equal(u.batchSize, Math.max(1, Math.round(32 / (u.examples / u.size))));
  const m = model();
  const f = u.loss(m, logQ(w.counts, c));
  const value = tf.tidy(() => f(Int32Array.of(0, 1, 2)).dataSync()[0]);
  assert.ok(Number.isFinite(value) && value > 0);
  m.dispose();
});

test('sequence training refuses the attention input with a config error', () => {
  const c = cfg({ sequenceTraining: true, attentionInput: true });
  assert.throws(
    () => trainingUnits(w.spec, w.timelines.values(), w.users, c, true),
    (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID' && /attentionInput/.test(e.message),
  );
});

test('each loss built from units starts the same random stream (uniform negatives repeat)', () => {
  const c = cfg({ uniformNegatives: 8, l2: 0 });
  const u = trainingUnits(w.spec, w.timelines.values(), w.users, c, true);
  const m = model();
  const q = logQ(w.counts, c);
  const first = u.loss(m, q);
  const again = u.loss(m, q);
  const read = (f: (r: Int32Array) => tf.Scalar) => tf.tidy(() => f(rows).dataSync()[0]);
  const a1 = read(first);
  const a2 = read(first);
  assert.equal(read(again), a1, 'a fresh loss replays the stream from its start');
  assert.notEqual(a2, a1, 'one loss draws on: its second batch gets other negatives');
  m.dispose();
});
