import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { weightedLogisticLoss } from '../../../src/models/ranking/weighted-logistic.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';

before(async () => {
  await initTf('wasm');
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** −[y log σ(x) + (1 − y) log(1 − σ(x))], straight from the definition. */
const bce = (x: number, y: number) => -(y * Math.log(sigmoid(x)) + (1 - y) * Math.log(1 - sigmoid(x)));

const loss = (logits: number[], labels: number[], weights: number[]) =>
  tf.tidy(
    () =>
      weightedLogisticLoss(
        tf.tensor1d(logits),
        Float32Array.from(labels),
        Float32Array.from(weights),
      ).dataSync()[0],
  );

test('with every weight 1 it is the mean binary cross-entropy', () => {
  const x = [0.3, -1.2, 2, 0];
  const y = [1, 0, 0, 1];
  const expected = x.reduce((s, xi, i) => s + bce(xi, y[i]), 0) / x.length;
  assert.ok(Math.abs(loss(x, y, [1, 1, 1, 1]) - expected) < 1e-6);
  assert.ok(Math.abs(loss([0], [1], [1]) - Math.log(2)) < 1e-6, 'logit 0: log 2');
});

test('weights weight each row and the sum of weights normalises', () => {
  const x = [0.5, -0.5, 1.5];
  const y = [1, 0, 1];
  const w = [30, 1, 2];
  const expected = (30 * bce(0.5, 1) + bce(-0.5, 0) + 2 * bce(1.5, 1)) / 33;
  assert.ok(Math.abs(loss(x, y, w) - expected) < 1e-6);
  assert.ok(
    Math.abs(
      loss(
        x,
        y,
        w.map((v) => v * 7),
      ) - expected,
    ) < 1e-6,
    'scaling every weight changes nothing',
  );
  assert.ok(Math.abs(loss(x, y, [0, 1, 0]) - bce(-0.5, 0)) < 1e-6, 'a zero weight drops its row');
});

test('stays finite and exact for large logits (no exp overflow)', () => {
  assert.ok(Math.abs(loss([100], [0], [1]) - 100) < 1e-4);
  assert.ok(Math.abs(loss([-100], [1], [1]) - 100) < 1e-4);
  assert.ok(Math.abs(loss([100, -100], [1, 0], [1, 1])) < 1e-6, 'confidently right: no loss');
});

test('the gradient is w·(σ(x) − y) / Σw', () => {
  const x = [0.2, -0.7, 1.1];
  const y = [1, 0, 0];
  const w = [4, 1, 2];
  const grad = tf.tidy(() =>
    tf
      .grad((l: tf.Tensor) =>
        weightedLogisticLoss(l as tf.Tensor1D, Float32Array.from(y), Float32Array.from(w)),
      )(tf.tensor1d(x))
      .dataSync(),
  );
  x.forEach((xi, i) => {
    const expected = (w[i] * (sigmoid(xi) - y[i])) / 7;
    assert.ok(Math.abs(grad[i] - expected) < 1e-6, `${i}: ${grad[i]} vs ${expected}`);
  });
});

test('returns a scalar and leaves no tensor behind inside tidy', () => {
  const start = tf.memory().numTensors;
  const shape = tf.tidy(
    () => weightedLogisticLoss(tf.tensor1d([1, 2]), Float32Array.of(1, 0), Float32Array.of(1, 1)).shape,
  );
  assert.deepEqual(shape, []);
  assert.equal(tf.memory().numTensors, start);
});
