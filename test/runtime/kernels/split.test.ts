import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createSplitConfig } from '../../../src/runtime/kernels/split.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { callKernel, readOp } from '../../helpers/runtime-kernel.ts';

// The stock wasm kernels only: the config under test wraps tf.js's own SplitV.
process.env.RECO_FAST_KERNELS = 'none';

let config: tf.KernelConfig;
before(async () => {
  await initTf('wasm');
  const c = createSplitConfig();
  assert.ok(c, 'the wasm backend has a SplitV to replace');
  config = c;
});

const split = (x: tf.Tensor, numOrSizeSplits: number | number[], axis: number) =>
  callKernel(config, { x }, { numOrSizeSplits, axis });
const stock = (x: tf.Tensor, sizes: number | number[], axis: number) =>
  readOp(() => tf.split(x, sizes, axis));

test('the config replaces wasm SplitV', () => {
  assert.equal(config.kernelName, 'SplitV');
  assert.equal(config.backendName, 'wasm');
});

test('splits columns by sizes, -1 taking what is left, as the stock kernel does', () => {
  const x = tf.tensor2d(
    Array.from({ length: 30 }, (_, i) => i),
    [3, 10],
  );
  const parts = split(x, [3, -1, 2], 1);
  assert.deepEqual(
    parts.map((p) => p.shape),
    [
      [3, 3],
      [3, 5],
      [3, 2],
    ],
  );
  assert.deepEqual(parts[0].values, [0, 1, 2, 10, 11, 12, 20, 21, 22]);
  assert.deepEqual(parts[2].values, [8, 9, 18, 19, 28, 29]);
  assert.deepEqual(parts, stock(x, [3, -1, 2], 1));
  x.dispose();
});

test('an even count splits into equal parts, on any axis, negative ones too', () => {
  const x = tf.tensor3d([...Array(24).keys()], [2, 3, 4]);
  for (const [n, axis] of [
    [2, 0],
    [3, 1],
    [2, 2],
    [4, -1],
  ]) {
    assert.deepEqual(split(x, n, axis), stock(x, n, axis), `${n} parts on axis ${axis}`);
  }
  const rows = split(x, 2, 0);
  assert.deepEqual(
    rows[1].values,
    [...Array(12).keys()].map((i) => i + 12),
  );
  x.dispose();
});

test('keeps int32, and a zero-size part is empty', () => {
  const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
  const [a, empty, b] = split(x, [1, 0, 2], 1);
  assert.equal(a.dtype, 'int32');
  assert.deepEqual(a.values, [1, 4]);
  assert.deepEqual(empty.shape, [2, 0]);
  assert.deepEqual(empty.values, []);
  assert.deepEqual(b.values, [2, 3, 5, 6]);
  x.dispose();
});

test('a count that does not divide the axis goes to the stock kernel, which refuses it', () => {
  const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
  assert.throws(() => split(x, 2, 1));
  x.dispose();
});
