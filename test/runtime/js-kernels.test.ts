import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { jsKernels } from '../../src/runtime/js-kernels.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { onBackend } from '../helpers/backend.ts';
import { assertAllClose } from '../helpers/close.ts';
import { randomVectors } from '../helpers/random.ts';

// The JS kernels on their own, against stock tf ops on the cpu backend.

test('softmax cross-entropy forward: summed loss and log-sum-exp per row match tf', async () => {
  await initTf('wasm');
  const [b, w] = [4, 7];
  const z = randomVectors(b * w, 1, 3).map((x) => x * 8);
  const targets = Int32Array.from([0, 6, 3, 3]);
  const lse = new Float32Array(b);
  const loss = jsKernels.softmaxXentForward(z, targets, lse, b, w);
  const expected = await onBackend('cpu', () =>
    tf.tidy(() => {
      const logits = tf.tensor2d(z, [b, w]);
      const l = tf.logSumExp(logits, 1);
      const picked = tf.sum(tf.mul(logits, tf.oneHot(tf.tensor1d(targets, 'int32'), w)), 1);
      return { lse: l.dataSync(), loss: tf.sum(tf.sub(l, picked)).dataSync()[0] };
    }),
  );
  assertAllClose(lse, expected.lse, 1e-5, 'lse');
  assert.ok(Math.abs(loss - expected.loss) < 1e-4);
});

test('softmax cross-entropy backward: (softmax − one-hot) × scale; each row sums to 0', () => {
  const [b, w] = [2, 3];
  const z = Float32Array.from([0, 0, 0, 1, 2, 3]);
  const targets = Int32Array.from([1, 2]);
  const lse = new Float32Array(b);
  jsKernels.softmaxXentForward(z, targets, lse, b, w);
  const out = new Float32Array(b * w);
  jsKernels.softmaxXentBackward(z, targets, lse, 2, out, b, w);
  assertAllClose(out.subarray(0, 3), [2 / 3, 2 / 3 - 2, 2 / 3], 1e-6);
  for (let i = 0; i < b; i++) assert.ok(Math.abs(out[i * w] + out[i * w + 1] + out[i * w + 2]) < 1e-6);
});

test('a target outside the row is a RangeError, not a silent NaN', () => {
  const lse = new Float32Array(1);
  assert.throws(
    () => jsKernels.softmaxXentForward(new Float32Array(3), Int32Array.from([3]), lse, 1, 3),
    RangeError,
  );
  assert.throws(
    () =>
      jsKernels.softmaxXentBackward(
        new Float32Array(3),
        Int32Array.from([-1]),
        lse,
        1,
        new Float32Array(3),
        1,
        3,
      ),
    /target column -1 out of range/,
  );
});

test('adam update: moments and parameters as the textbook step', () => {
  const param = Float32Array.from([1, -2]);
  const grad = Float32Array.from([0.5, -1]);
  const m = new Float32Array(2);
  const v = new Float32Array(2);
  const out = new Float32Array(2);
  const [lr, b1, b2, eps] = [0.1, 0.9, 0.999, 1e-8];
  jsKernels.adamUpdate(param, grad, m, v, out, lr, b1, b2, eps, 1 - b1, 1 - b2);
  assertAllClose(m, [0.05, -0.1], 1e-7);
  assertAllClose(v, [0.00025, 0.001], 1e-9);
  // first step with bias correction: param − lr · sign(g) (up to eps)
  assertAllClose(out, [0.9, -1.9], 1e-6);
  assertAllClose(param, [1, -2], 0, 'param itself untouched');
});

test('embedding bags: weighted sums of table rows per bag; the backward scatters them back', () => {
  const dim = 2;
  const table = Float32Array.from([1, 1, 2, 0, 0, 3]); // rows 0, 1, 2
  const [rows, slots, bags] = [2, 2, 2];
  const ids = Int32Array.from([1, 2, 0, 2]);
  // w[(bag * rows + row) * slots + slot]
  const w = Float32Array.from([1, 0.5, 0, 1, 0, 2, 1, 0]);
  const out = new Float32Array(rows * bags * dim).fill(9);
  jsKernels.embeddingBagForward(table, ids, w, out, rows, slots, bags, dim);
  // row 0: bag 0 = 1·t1 + 0.5·t2 = [2, 1.5]; bag 1 = 2·t2 = [0, 6]
  // row 1: bag 0 = 1·t2 = [0, 3]; bag 1 = 1·t0 = [1, 1]
  assert.deepEqual([...out], [2, 1.5, 0, 6, 0, 3, 1, 1]);
  const dTable = new Float32Array(6).fill(7);
  jsKernels.embeddingBagBackward(
    dTable,
    ids,
    w,
    Float32Array.from([1, 0, 0, 1, 1, 1, 0, 2]),
    rows,
    slots,
    bags,
    dim,
  );
  // t0 ← 1·[0, 2]; t1 ← 1·[1, 0]; t2 ← 0.5·[1, 0] + 2·[0, 1] + 1·[1, 1]
  assert.deepEqual([...dTable], [0, 2, 1, 0, 1.5, 3]);
  assert.throws(
    () => jsKernels.embeddingBagForward(table, Int32Array.from([3, 0, 0, 0]), w, out, rows, slots, bags, dim),
    /embedding bag: id 3 out of the table's range/,
  );
});
