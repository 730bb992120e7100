import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateWorld } from '../../src/data/demo/world.ts';
import { buildTimelines, watchCounts } from '../../src/data/interactions.ts';
import { ConfigError } from '../../src/errors.ts';
import { buildRetrievalData } from '../../src/features/query.ts';
import { buildSequenceSet, sequenceBatch } from '../../src/features/sequence.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import { inBatchSoftmaxLoss } from '../../src/models/retrieval/sampled-softmax.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { DEFAULT_RETRIEVAL_CONFIG } from '../../src/training/retrieval-config.ts';
import { createModel, logQ, trainingUnits } from '../../src/training/retrieval-model.ts';

const world = generateWorld({ seed: 6, scale: 0.03 });
const spec = createFeatureSpec(world.items, world.users, 5);
const timelines = buildTimelines(world.events, spec.items);
const users = new Map(world.users.map((u) => [u.userId, u]));
// Demo-world users watch a few items each: windows of 2 make several a user.
const config = { ...DEFAULT_RETRIEVAL_CONFIG, dim: 8, hidden: [16], batchSize: 64, l2: 0, sequenceWindow: 2 };
const perCutRows = buildRetrievalData(spec, timelines.values(), users, true).train.size;

test('training units: per-cut rows by default; with sequenceTraining, windows making batchSize positions on average', () => {
  const rows = trainingUnits(spec, timelines.values(), users, config, true);
  assert.deepEqual([rows.size, rows.batchSize, rows.examples], [perCutRows, 64, perCutRows]);
  const seq = trainingUnits(spec, timelines.values(), users, { ...config, sequenceTraining: true }, true);
  const set = buildSequenceSet(timelines.values(), users, config.sequenceWindow, true);
  assert.equal(seq.examples, perCutRows, 'the same examples');
  assert.equal(seq.size, set.windows.length);
  assert.ok(seq.size < perCutRows * 0.75, 'fewer units than rows');
  assert.ok(
    set.windows.some((w, i) => i > 0 && set.windows[i - 1].user === w.user),
    'users split',
  );
  assert.equal(seq.batchSize, Math.round(64 / (perCutRows / set.windows.length)));
  const all = trainingUnits(spec, timelines.values(), users, { ...config, sequenceTraining: true }, false);
  assert.ok(all.examples > seq.examples, 'holdOut false trains the last watches too');
  assert.throws(
    () =>
      trainingUnits(
        spec,
        timelines.values(),
        users,
        { ...config, sequenceTraining: true, attentionInput: true },
        true,
      ),
    ConfigError,
  );
});

test('sequence loss: the in-batch softmax over every position of the windows, a user’s other watches masked', async () => {
  await initTf('wasm');
  const cfg = { ...config, sequenceTraining: true };
  const model = createModel(spec, cfg, world.items, Date.UTC(2026, 0, 1));
  const counts = watchCounts(timelines.values(), spec.items.ids.length);
  const lq = logQ(counts, cfg);
  const units = trainingUnits(spec, timelines.values(), users, cfg, true);
  const windows = Int32Array.from([4, 0, 9, 2]);
  const before = tf.memory().numTensors;
  const read = (f: () => tf.Scalar) => {
    const t = tf.tidy(f);
    const v = t.dataSync()[0];
    t.dispose();
    return v;
  };
  const got = read(() => units.loss(model, lq)(windows));
  const set = buildSequenceSet(timelines.values(), users, cfg.sequenceWindow, true);
  const { rows, groups } = sequenceBatch(spec, set, windows);
  assert.ok(new Set(groups).size < groups.length, 'windows hold several positions of a user');
  const want = (g?: Int32Array) =>
    read(() =>
      inBatchSoftmaxLoss(
        model.query(rows),
        model.candidates(rows.labels),
        rows.labels,
        Float32Array.from(rows.labels, (l) => lq[l]),
        undefined,
        g,
      ),
    );
  assert.ok(Math.abs(got - want(groups)) < 1e-4, `${got} vs ${want(groups)}`);
  assert.ok(Math.abs(got - want()) > 1e-3, 'the mask changes the loss');
  // A step trains: gradients reach the history table and nothing is left behind.
  const { value, grads } = tf.variableGrads(() => units.loss(model, lq)(windows), model.variables());
  assert.ok(Object.keys(grads).some((k) => k.startsWith('retrieval/history')));
  tf.dispose([value, ...Object.values(grads)]);
  assert.equal(tf.memory().numTensors, before, 'nothing leaks');
  model.dispose();
});
