import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createSumConfig } from '../../../src/runtime/kernels/sum.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { callKernel, readOp } from '../../helpers/runtime-kernel.ts';

// The stock wasm kernels only: the config under test wraps tf.js's own Sum.
process.env.RECO_FAST_KERNELS = 'none';

let config: tf.KernelConfig;
before(async () => {
  await initTf('wasm');
  const c = createSumConfig();
  assert.ok(c, 'the wasm backend has a Sum to replace');
  config = c;
});

const values = [...Array(24).keys()].map((i) => ((i * 7) % 11) - 5.5);
const sum = (x: tf.Tensor, axis: number | number[], keepDims = false) =>
  callKernel(config, { x }, { axis, keepDims });
const stock = (x: tf.Tensor, axis: number | number[], keepDims = false) =>
  readOp(() => tf.sum(x, axis, keepDims));

test('the config replaces wasm Sum', () => {
  assert.equal(config.kernelName, 'Sum');
  assert.equal(config.backendName, 'wasm');
});

test('a column sum over the batch axis (a bias gradient)', () => {
  const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
  const [out] = sum(x, 0);
  assert.deepEqual(out, { shape: [2], dtype: 'float32', values: [9, 12] });
  assert.deepEqual(sum(x, [0], true)[0].shape, [1, 2]);
  x.dispose();
});

test('leading axes in any order, negative or kept, match the stock kernel', () => {
  const x = tf.tensor3d(values, [2, 3, 4]);
  for (const [axis, keep] of [
    [0, false],
    [[0, 1], false],
    [[1, 0], true],
    [-3, false],
    [[-2, 0], true],
  ] as [number | number[], boolean][]) {
    assert.deepEqual(sum(x, axis, keep), stock(x, axis, keep), `axis ${axis} keepDims ${keep}`);
  }
  assert.deepEqual(sum(x, [1, 0], true)[0].shape, [1, 1, 4]);
  x.dispose();
});

test('trailing axes, every axis and int32 take the stock kernel', () => {
  const x = tf.tensor3d(values, [2, 3, 4]);
  for (const axis of [-1, 1, [0, 2], [0, 1, 2]])
    assert.deepEqual(sum(x, axis), stock(x, axis), `axis ${axis}`);
  const ints = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
  const [i] = sum(ints, 0);
  assert.deepEqual(i, { shape: [2], dtype: 'int32', values: [4, 6] });
  tf.dispose([x, ints]);
});

test('an empty batch sums to zeros', () => {
  const x = tf.zeros([0, 3]);
  assert.deepEqual(sum(x, 0)[0].values, [0, 0, 0]);
  x.dispose();
});
