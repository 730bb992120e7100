import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { applyStack, createStack } from '../../../src/models/layers/dense.ts';
import { forwardRows, readStack } from '../../../src/models/layers/plain-stack.ts';
import { readTidy } from '../../../src/runtime/read.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';

before(async () => {
  await initTf('wasm');
});

test('forwardRows equals applyStack on one row within 1e-5 (ReLU between layers, last linear)', () => {
  const before = tf.memory().numTensors;
  const layers = createStack('plain-test', 37, [64, 32, 8], 3);
  // Nonzero biases, so the bias path is checked too; zeros in x take the skip path.
  tf.tidy(() => {
    for (const l of layers) l.b.assign(tf.randomNormal(l.b.shape, 0, 0.5, 'float32', 9));
  });
  const x = Float32Array.from({ length: 37 }, (_, i) => (i % 5 === 0 ? 0 : Math.sin(i) * 2));
  const expected = readTidy(() => applyStack(layers, tf.tensor2d(x, [1, 37])));
  const got = forwardRows(readStack(layers), x);
  assert.equal(got.length, 8);
  for (const [j, v] of got.entries())
    assert.ok(Math.abs(v - expected[j]) <= 1e-5, `[${j}] ${v} vs ${expected[j]}`);
  tf.dispose(layers.flatMap((l) => [l.w, l.b]));
  assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
});

test('forwardRows refuses a row of the wrong width', () => {
  const layers = createStack('plain-test-width', 4, [2], 1);
  assert.throws(() => forwardRows(readStack(layers), new Float32Array(3)), /3 inputs/);
  tf.dispose(layers.flatMap((l) => [l.w, l.b]));
});

test('forwardRows on several rows equals applyStack row by row', () => {
  const layers = createStack('plain-test-rows', 5, [6, 3], 2);
  const x = Float32Array.from({ length: 15 }, (_, i) => Math.cos(i));
  const expected = readTidy(() => applyStack(layers, tf.tensor2d(x, [3, 5])));
  const got = forwardRows(readStack(layers), x, 3);
  for (const [j, v] of got.entries())
    assert.ok(Math.abs(v - expected[j]) <= 1e-5, `[${j}] ${v} vs ${expected[j]}`);
  tf.dispose(layers.flatMap((l) => [l.w, l.b]));
});
