import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { unsortedSegmentSumConfig as config } from '../../../src/runtime/kernels/unsorted-segment-sum.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { onBackend } from '../../helpers/backend.ts';
import { callKernel, readOp } from '../../helpers/runtime-kernel.ts';

before(async () => {
  await initTf('wasm');
});

const segmentSum = (x: tf.Tensor, ids: number[], numSegments: number) => {
  const segmentIds = tf.tensor1d(ids, 'int32');
  try {
    return callKernel(config, { x, segmentIds }, { numSegments })[0];
  } finally {
    segmentIds.dispose();
  }
};

test('the config adds UnsortedSegmentSum to wasm', () => {
  assert.equal(config.kernelName, 'UnsortedSegmentSum');
  assert.equal(config.backendName, 'wasm');
});

test('sums rows into their segments; unused segments are zero', () => {
  const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
  assert.deepEqual(segmentSum(x, [2, 0, 2], 4), {
    shape: [4, 2],
    dtype: 'float32',
    values: [3, 4, 0, 0, 6, 8, 0, 0],
  });
  x.dispose();
});

test('rows with an id outside [0, numSegments) are dropped', () => {
  const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
  assert.deepEqual(segmentSum(x, [-1, 1, 2], 2).values, [0, 0, 3, 4]);
  x.dispose();
});

test('1-D and 3-D inputs match the cpu backend', async () => {
  const cases: [number[], number[], tf.DataType, number[], number][] = [
    [[1, 2, 3, 4], [4], 'float32', [0, 1, 0, 3], 4],
    [[...Array(12).keys()], [3, 2, 2], 'float32', [1, 1, 0], 2],
  ];
  for (const [values, shape, dtype, ids, n] of cases) {
    const x = tf.tensor(values, shape, dtype);
    const got = segmentSum(x, ids, n);
    x.dispose();
    const cpu = await onBackend('cpu', () =>
      readOp(() => tf.unsortedSegmentSum(tf.tensor(values, shape, dtype), tf.tensor1d(ids, 'int32'), n)),
    );
    assert.deepEqual([got], cpu, `[${shape}] ${dtype}`);
  }
});

test('int32 values stay int32 (as in TensorFlow)', () => {
  const x = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
  assert.deepEqual(segmentSum(x, [0, 0], 1), { shape: [1, 2], dtype: 'int32', values: [4, 6] });
  x.dispose();
});

test('the gradient of a gather runs through it on wasm', () => {
  const g = tf.tidy(() =>
    tf
      .grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d([2, 0, 2], 'int32')), 2)))(
        tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]),
      )
      .arraySync(),
  );
  assert.deepEqual(g, [
    [2, 2],
    [0, 0],
    [4, 4],
  ]);
});
