import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { FusedAdam } from '../../src/training/adam.ts';
import { replica, replicaLoss, startDataParallel } from '../../src/training/data-parallel.ts';
import { assertAllClose } from '../helpers/close.ts';

before(async () => {
  await initTf('wasm');
});

const N = 3;
const config = { numItems: 9, denseWidth: 2, historyLength: N, dim: 4, hidden: [6], seed: 5 };
let seed = 7;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const batch = (rows: number) => ({
  size: rows,
  historyIds: Int32Array.from({ length: rows * N }, () => 1 + Math.floor(rand() * 8)),
  meanWeights: new Float32Array(rows * N).fill(1 / N),
  recentWeights: Float32Array.from({ length: rows * N }, (_, i) => (i % N) / N),
  dense: Float32Array.from({ length: rows * 2 }, () => rand()),
  labels: Int32Array.from({ length: rows }, () => 1 + Math.floor(rand() * 8)),
});
const half = (b: ReturnType<typeof batch>, from: number, to: number) => ({
  size: to - from,
  historyIds: b.historyIds.slice(from * N, to * N),
  meanWeights: b.meanWeights.slice(from * N, to * N),
  recentWeights: b.recentWeights.slice(from * N, to * N),
  timeWeights: new Float32Array((to - from) * N),
  dense: b.dense.slice(from * 2, to * 2),
  labels: b.labels.slice(from, to),
});

/**
 * Runs steps of 7, 8 and 7 rows on two threads and the same averaged update on one (each half's
 * gradients, weighted by its rows, through FusedAdam), then compares losses and weights. `start`
 * sets both models' weights before the steps.
 */
async function compare(optimizer: tf.Optimizer, start?: (m: ReturnType<typeof replica>) => void) {
  const parallel = replica(config);
  const reference = replica(config);
  start?.(parallel);
  start?.(reference);
  const rOpt = new FusedAdam(0.02);
  const dp = await startDataParallel(parallel, optimizer, 8, 'wasm');
  try {
    for (const rows of [7, 8, 7]) {
      const b = batch(rows);
      const loss = dp.step(b);
      // The same step in one thread: each half's gradients, weighted by its rows.
      const h = Math.ceil(rows / 2);
      const vars = reference.variables();
      const g1 = tf.variableGrads(() => replicaLoss(reference, half(b, 0, h)), vars);
      const g2 = tf.variableGrads(() => replicaLoss(reference, half(b, h, rows)), vars);
      const a = h / rows;
      const avg = Object.fromEntries(
        vars.map((v) => [v.name, tf.add(tf.mul(g1.grads[v.name], a), tf.mul(g2.grads[v.name], 1 - a))]),
      );
      rOpt.applyGradients(avg);
      const want = a * g1.value.dataSync()[0] + (1 - a) * g2.value.dataSync()[0];
      assert.ok(Math.abs(loss - want) < 1e-5, `${loss} vs ${want}`);
      tf.dispose([
        g1.value,
        g2.value,
        ...Object.values(g1.grads),
        ...Object.values(g2.grads),
        ...Object.values(avg),
      ]);
    }
    for (const [i, v] of reference.variables().entries())
      assertAllClose(parallel.variables()[i].dataSync(), v.dataSync(), 1e-5, v.name);
  } finally {
    await dp.stop();
    parallel.dispose();
    reference.dispose();
  }
}

test('two-thread steps equal the row-weighted mean of the two halves’ gradients through Adam', async () => {
  // The split (half of the 166 parameters) falls inside the tower's first layer: both threads update part of it.
  await compare(new FusedAdam(0.02));
});

test('two-thread steps start from the model’s weights, and take tf.train.adam’s settings', async () => {
  const trained = (m: ReturnType<typeof replica>) => {
    for (const [i, v] of m.variables().entries()) {
      const next = tf.tidy(() =>
        tf.add(v, tf.mul(tf.sin(tf.range(0, v.size).reshape(v.shape)), 0.1 * (i + 1))),
      );
      v.assign(next);
      next.dispose();
    }
  };
  await compare(tf.train.adam(0.02, 0.9, 0.999, 1e-7), trained);
});

test('two-thread steps refuse an optimizer other than Adam', async () => {
  const model = replica(config);
  try {
    await assert.rejects(startDataParallel(model, tf.train.sgd(0.1), 8, 'wasm'), /Adam only/);
  } finally {
    model.dispose();
  }
});
