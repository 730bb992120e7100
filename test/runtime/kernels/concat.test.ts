import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createConcatConfig, splitGeometry } from '../../../src/runtime/kernels/concat.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { callKernel, readOp, readTensors } from '../../helpers/runtime-kernel.ts';

// The stock wasm kernels only: the config under test wraps tf.js's own Concat.
process.env.RECO_FAST_KERNELS = 'none';

let config: tf.KernelConfig;
before(async () => {
  await initTf('wasm');
  const c = createConcatConfig();
  assert.ok(c, 'the wasm backend has a Concat to replace');
  config = c;
});

test('splitGeometry: runs before the axis, chunk width from the axis on', () => {
  assert.deepEqual(splitGeometry([2, 3, 4], 0), { outer: 1, inner: 24 });
  assert.deepEqual(splitGeometry([2, 3, 4], 1), { outer: 2, inner: 12 });
  assert.deepEqual(splitGeometry([2, 3, 4], 2), { outer: 6, inner: 4 });
  assert.deepEqual(splitGeometry([2, 3, 4], 3), { outer: 24, inner: 1 });
  assert.deepEqual(splitGeometry([5, 0], 1), { outer: 5, inner: 0 });
});

test('the config replaces wasm Concat', () => {
  assert.equal(config.kernelName, 'Concat');
  assert.equal(config.backendName, 'wasm');
});

test('concatenates along every axis, negative ones too, as the stock kernel does', () => {
  const a = tf.tensor3d([...Array(24).keys()], [2, 3, 4]);
  const b = tf.tensor3d(
    Array.from({ length: 12 }, (_, i) => 100 + i),
    [2, 3, 2],
  );
  const c = tf.tensor3d(
    Array.from({ length: 8 }, (_, i) => -i),
    [2, 1, 4],
  );
  for (const [inputs, axis] of [
    [[a, a], 0],
    [[a, c, a], 1],
    [[a, b], 2],
    [[a, b], -1],
  ] as [tf.Tensor[], number][]) {
    const got = callKernel(config, inputs, { axis });
    assert.deepEqual(
      got,
      readOp(() => tf.concat(inputs, axis)),
      `axis ${axis}`,
    );
  }
  const [last] = callKernel(config, [a, b], { axis: 2 });
  assert.deepEqual(last.shape, [2, 3, 6]);
  assert.deepEqual(last.values.slice(0, 6), [0, 1, 2, 3, 100, 101]);
  tf.dispose([a, b, c]);
});

test('keeps int32 and skips empty inputs', () => {
  const ints = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
  const [out] = callKernel(config, [ints, ints], { axis: 1 });
  assert.equal(out.dtype, 'int32');
  assert.deepEqual(out.values, [1, 2, 1, 2, 3, 4, 3, 4]);
  const empty = tf.zeros([2, 0]);
  const ones = tf.ones([2, 1]);
  const [e] = callKernel(config, [empty, ones, empty], { axis: 1 });
  assert.deepEqual(e.shape, [2, 1]);
  assert.deepEqual(e.values, [1, 1]);
  tf.dispose([ints, empty, ones]);
});

test('one input is copied through', () => {
  const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  assert.deepEqual(callKernel(config, [x], { axis: 0 }), readTensors(x));
  x.dispose();
});
