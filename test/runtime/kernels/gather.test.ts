import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createGatherConfig } from '../../../src/runtime/kernels/gather.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { callKernel, readOp } from '../../helpers/runtime-kernel.ts';

// The stock wasm kernels only: the config under test wraps tf.js's own GatherV2.
process.env.RECO_FAST_KERNELS = 'none';

let config: tf.KernelConfig;
before(async () => {
  await initTf('wasm');
  const c = createGatherConfig();
  assert.ok(c, 'the wasm backend has a GatherV2 to replace');
  config = c;
});

const ROW0 = { axis: 0, batchDims: 0 };

test('the config replaces wasm GatherV2', () => {
  assert.equal(config.kernelName, 'GatherV2');
  assert.equal(config.backendName, 'wasm');
});

test('gathers whole rows along axis 0, repeats included, as the stock kernel does', () => {
  const x = tf.tensor3d([...Array(24).keys()], [4, 3, 2]);
  const indices = tf.tensor1d([3, 0, 3], 'int32');
  const [out] = callKernel(config, { x, indices }, ROW0);
  assert.deepEqual(out.shape, [3, 3, 2]);
  assert.deepEqual(out.values, [
    ...[18, 19, 20, 21, 22, 23],
    ...[0, 1, 2, 3, 4, 5],
    ...[18, 19, 20, 21, 22, 23],
  ]);
  assert.deepEqual(
    [out],
    readOp(() => tf.gather(x, indices)),
  );
  tf.dispose([x, indices]);
});

test('nested indices give the indices shape followed by the row shape', () => {
  const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
  const indices = tf.tensor2d([2, 0, 1, 2], [2, 2], 'int32');
  const [out] = callKernel(config, { x, indices }, ROW0);
  assert.deepEqual(out.shape, [2, 2, 2]);
  assert.deepEqual(out.values, [5, 6, 1, 2, 3, 4, 5, 6]);
  tf.dispose([x, indices]);
});

test('rows outside the table come back as zeros (as in TensorFlow), not as stray memory', () => {
  const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  const indices = tf.tensor1d([1, -1, 2, 0], 'int32');
  const [out] = callKernel(config, { x, indices }, ROW0);
  assert.deepEqual(out.values, [3, 4, 0, 0, 0, 0, 1, 2]);
  tf.dispose([x, indices]);
});

test('keeps the dtype: int32 tables, and 1-D tables gather single values', () => {
  const ints = tf.tensor2d([7, 8, 9, 10], [2, 2], 'int32');
  const vector = tf.tensor1d([10, 20, 30]);
  const indices = tf.tensor1d([1, 1, 0], 'int32');
  const [a] = callKernel(config, { x: ints, indices }, ROW0);
  assert.equal(a.dtype, 'int32');
  assert.deepEqual(a.values, [9, 10, 9, 10, 7, 8]);
  const [b] = callKernel(config, { x: vector, indices }, ROW0);
  assert.deepEqual(b.shape, [3]);
  assert.deepEqual(b.values, [20, 20, 10]);
  tf.dispose([ints, vector, indices]);
});

test('other axes and batch dimensions take the stock kernel', () => {
  const x = tf.tensor3d([...Array(12).keys()], [2, 3, 2]);
  const indices = tf.tensor1d([2, 0], 'int32');
  const [axis1] = callKernel(config, { x, indices }, { axis: 1, batchDims: 0 });
  assert.deepEqual(
    [axis1],
    readOp(() => tf.gather(x, indices, 1)),
  );
  assert.deepEqual(axis1.values, [4, 5, 0, 1, 10, 11, 6, 7]);
  const batched = tf.tensor2d([1, 0, 2, 1], [2, 2], 'int32');
  const [b] = callKernel(config, { x, indices: batched }, { axis: 1, batchDims: 1 });
  assert.deepEqual(
    [b],
    readOp(() => tf.gather(x, batched, 1, 1)),
  );
  tf.dispose([x, indices, batched]);
});
