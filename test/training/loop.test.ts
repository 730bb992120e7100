import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { epochsFor, fit } from '../../src/training/loop.ts';
import type { Progress } from '../../src/training/progress.ts';

/** A Progress that records every call. */
function recorder() {
  const calls: string[] = [];
  const progress: Progress = {
    start: (total, label) => calls.push(`start ${total} ${label}`),
    tick: (loss) => calls.push(`tick ${loss}`),
    stop: (summary) => calls.push(`stop ${summary}`),
    log: (line) => calls.push(`log ${line}`),
  };
  return { calls, progress };
}

/** fit over `size` rows of a one-weight model whose loss is the batch's mean row index (constant in w). */
async function run(size: number, batchSize: number, epochs: number, seed: number, extra = {}) {
  await initTf('wasm');
  const w = tf.variable(tf.scalar(0), true, `loop-${Math.random()}`);
  const batches: number[][] = [];
  const { calls, progress } = recorder();
  const logs = await fit({
    variables: [w],
    optimizer: tf.train.sgd(0.1),
    size,
    batchSize,
    epochs,
    seed,
    progress,
    label: 'toy',
    loss: (rows) => {
      batches.push([...rows]);
      const mean = rows.reduce((a, b) => a + b, 0) / rows.length;
      return tf.add(tf.mul(w, 0), mean) as tf.Scalar;
    },
    ...extra,
  });
  w.dispose();
  return { logs, batches, calls };
}

test('each epoch visits every row once, in batches of batchSize with a shorter last one', async () => {
  const { logs, batches } = await run(10, 4, 2, 1);
  assert.equal(logs.length, 2);
  assert.deepEqual(
    batches.map((b) => b.length),
    [4, 4, 2, 4, 4, 2],
  );
  for (const epoch of [batches.slice(0, 3), batches.slice(3)])
    assert.deepEqual(
      epoch.flat().sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  assert.notDeepEqual(batches.slice(0, 3), batches.slice(3), 'reshuffled each epoch');
});

test('the order is the seed’s: the same seed repeats it, another seed changes it', async () => {
  const a = await run(12, 5, 1, 7);
  const b = await run(12, 5, 1, 7);
  const c = await run(12, 5, 1, 8);
  assert.deepEqual(a.batches, b.batches);
  assert.notDeepEqual(a.batches, c.batches);
});

test('the epoch loss is the mean of its batch losses; epochs are numbered from 1', async () => {
  const { logs, batches } = await run(10, 4, 1, 3);
  const mean = (r: number[]) => r.reduce((x, y) => x + y, 0) / r.length;
  const expected = batches.map(mean).reduce((x, y) => x + y, 0) / batches.length;
  assert.equal(logs[0].epoch, 1);
  assert.ok(Math.abs(logs[0].loss - expected) < 1e-5, `${logs[0].loss} vs ${expected}`);
  assert.ok(Number.isInteger(logs[0].ms) && logs[0].ms >= 0);
});

test('the optimizer steps the variables on the loss gradient', async () => {
  await initTf('wasm');
  const w = tf.variable(tf.scalar(3), true, `loop-step-${Math.random()}`);
  const { progress } = recorder();
  const logs = await fit({
    variables: [w],
    optimizer: tf.train.sgd(0.25),
    size: 2,
    batchSize: 2,
    epochs: 2,
    seed: 1,
    progress,
    label: 'quadratic',
    loss: () => tf.square(w) as tf.Scalar,
  });
  // w ← w − 0.25 · 2w = w / 2 per step: 3 → 1.5 → 0.75; the logged loss is before each step.
  assert.ok(Math.abs(w.dataSync()[0] - 0.75) < 1e-6);
  assert.deepEqual(
    logs.map((l) => l.loss),
    [9, 2.25],
  );
  w.dispose();
});

test('afterEpoch metrics join the log and the summary; stop ends the training early', async () => {
  const seen: [number, number][] = [];
  const { logs, calls } = await run(4, 2, 5, 1, {
    afterEpoch: async (epoch: number, loss: number) => {
      seen.push([epoch, loss]);
      return { metrics: { auc: epoch / 10 }, stop: epoch === 2 };
    },
  });
  assert.equal(logs.length, 2, 'stopped after epoch 2 of 5');
  assert.deepEqual(
    seen.map(([e]) => e),
    [1, 2],
  );
  assert.equal(seen[0][1], logs[0].loss, 'afterEpoch gets the epoch’s mean loss');
  assert.equal(logs[1].auc, 0.2);
  const stops = calls.filter((c) => c.startsWith('stop'));
  assert.equal(stops.length, 2);
  assert.match(stops[1], /^stop loss \d+\.\d{4}, auc 0\.2000 \(\d+\.\d s\)$/);
});

test('progress: one bar per epoch labelled with its number, one tick per batch', async () => {
  const { calls } = await run(5, 2, 2, 1);
  assert.deepEqual(
    calls.filter((c) => c.startsWith('start')),
    ['start 3 toy 1/2', 'start 3 toy 2/2'],
  );
  assert.equal(calls.filter((c) => c.startsWith('tick')).length, 6);
  assert.match(calls.at(-1)!, /^stop loss \d+\.\d{4} \(\d+\.\d s\)$/, 'no metrics: the loss alone');
});

test('no tensor outlives a step', async () => {
  await initTf('wasm');
  const w = tf.variable(tf.scalar(1), true, `loop-mem-${Math.random()}`);
  const optimizer = tf.train.sgd(0.1);
  const before = tf.memory().numTensors;
  await fit({
    variables: [w],
    optimizer,
    size: 6,
    batchSize: 2,
    epochs: 2,
    seed: 1,
    progress: recorder().progress,
    label: 'mem',
    loss: () => tf.sum(tf.square(tf.mul(w, tf.ones([3])))) as tf.Scalar,
  });
  assert.equal(tf.memory().numTensors, before);
  w.dispose();
});

test('epochsFor: never more than configured, even under the floor of 3; empty data counts as one step', () => {
  const cfg = { epochs: 2, batchSize: 10, maxSteps: 1 };
  assert.equal(epochsFor(1_000, cfg), 2, 'a configured 2 stays 2');
  assert.equal(epochsFor(0, { epochs: 50, batchSize: 10, maxSteps: 20 }), 20, 'one step an epoch');
  assert.equal(epochsFor(95, { epochs: 50, batchSize: 10, maxSteps: 40 }), 4, '10 steps an epoch: 40 / 10');
  assert.equal(epochsFor(95, { epochs: 50, batchSize: 10, maxSteps: 49 }), 4, 'rounded down');
});
