import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateWorld } from '../../src/data/demo/world.ts';
import { buildTimelines, watchCounts } from '../../src/data/interactions.ts';
import { createFeatureSpec } from '../../src/features/spec.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { createProgress } from '../../src/training/progress.ts';
import {
  canRefitInParallel,
  type RefitInputs,
  sequentialRefit,
  startRefit,
} from '../../src/training/refit.ts';
import { DEFAULT_RETRIEVAL_CONFIG, trainRetrieval } from '../../src/training/train-retrieval.ts';

async function inputs(): Promise<RefitInputs> {
  await initTf('wasm');
  const world = generateWorld({ seed: 5, scale: 0.05 });
  const spec = createFeatureSpec(world.items, world.users, 10);
  const timelines = buildTimelines(world.events, spec.items);
  return {
    spec,
    timelines,
    users: new Map(world.users.map((u) => [u.userId, u])),
    itemWatches: watchCounts(timelines.values(), spec.items.ids.length),
    config: { ...DEFAULT_RETRIEVAL_CONFIG, epochs: 3, dim: 8, hidden: [16] },
    catalogue: world.items,
    itemFeatureTime: Date.UTC(2026, 0, 1),
    maxEpochs: 3,
  };
}

function weightsOf(m: { getWeights(): Record<string, tf.Tensor> }): Record<string, Float32Array> {
  return Object.fromEntries(
    Object.entries(m.getWeights()).map(([k, t]) => [k, Float32Array.from(t.dataSync() as Float32Array)]),
  );
}

test('the refit on a second thread gives the weights of the refit here, for the epoch asked', async (t) => {
  const input = await inputs();
  if (!canRefitInParallel(tf.getBackend())) return t.skip('one core here: the refit never leaves the thread');
  const quiet = createProgress(false);
  const here = await sequentialRefit(input).take(2, quiet);
  const parallel = startRefit(input, tf.getBackend());
  parallel.keepFrom(2);
  const thread = await parallel.take(2, quiet);
  assert.equal(thread.where, 'thread');
  assert.equal(thread.curve.length, 2);
  const a = weightsOf(here.model);
  const b = weightsOf(thread.model);
  assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
  for (const [name, w] of Object.entries(a)) {
    let diff = 0;
    for (let i = 0; i < w.length; i++) diff = Math.max(diff, Math.abs(w[i] - b[name][i]));
    assert.ok(diff < 1e-4, `${name}: max difference ${diff}`);
  }
  here.model.dispose();
  thread.model.dispose();
});

test('trainRetrieval with refit: a tuned model and a refitted one, and no tensor left behind', async () => {
  const input = await inputs();
  const quiet = createProgress(false);
  const before = tf.memory().numTensors;
  const r = await trainRetrieval(
    input.spec,
    input.timelines,
    input.users,
    input.itemWatches,
    input.config,
    quiet,
    input.catalogue,
  );
  assert.ok(r.tuned, 'the early-stopped network is kept for what is judged on validation rows');
  assert.notEqual(r.model, r.tuned);
  const refitEpochs = r.curve.filter((c) => c.refit === 1);
  const tuneEpochs = r.curve.filter((c) => c.refit === undefined);
  assert.ok(refitEpochs.length >= 1 && refitEpochs.length <= tuneEpochs.length);
  r.model.dispose();
  r.tuned.dispose();
  assert.equal(tf.memory().numTensors, before, 'every tensor of the training is freed');
});

test('sequence training: the refit thread gives the sequential weights, and trainRetrieval frees every tensor', async (t) => {
  const base = await inputs();
  const input = { ...base, config: { ...base.config, sequenceTraining: true, sequenceWindow: 3 } };
  const quiet = createProgress(false);
  const before = tf.memory().numTensors;
  const r = await trainRetrieval(
    input.spec,
    input.timelines,
    input.users,
    input.itemWatches,
    input.config,
    quiet,
    input.catalogue,
  );
  assert.ok(
    r.curve.some((c) => c.refit === undefined && c.ndcg10 > 0),
    'it learns',
  );
  r.model.dispose();
  r.tuned?.dispose();
  assert.equal(tf.memory().numTensors, before, 'every tensor of the training is freed');
  if (!canRefitInParallel(tf.getBackend())) return t.skip('one core here: the refit never leaves the thread');
  const here = await sequentialRefit(input).take(2, quiet);
  const parallel = startRefit(input, tf.getBackend());
  parallel.keepFrom(2);
  const thread = await parallel.take(2, quiet);
  assert.equal(thread.where, 'thread');
  const a = weightsOf(here.model);
  const b = weightsOf(thread.model);
  for (const [name, w] of Object.entries(a)) {
    let diff = 0;
    for (let i = 0; i < w.length; i++) diff = Math.max(diff, Math.abs(w[i] - b[name][i]));
    assert.ok(diff < 1e-4, `${name}: max difference ${diff}`);
  }
  here.model.dispose();
  thread.model.dispose();
});
