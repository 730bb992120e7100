import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from '../../src/runtime/native.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { onBackend } from '../helpers/backend.ts';

// Each fast wasm kernel must give the cpu backend's answer.

test('wasm backend is active with reco kernels registered', async () => {
  const info = await initTf('wasm');
  assert.equal(info.backend, 'wasm');
  assert.deepEqual([...info.kernels].sort(), [
    'BatchMatMul',
    'Concat',
    'GatherV2',
    'SplitV',
    'Sum',
    'UnsortedSegmentSum',
  ]);
});

test('UnsortedSegmentSum (the gradient of gather) matches cpu', async () => {
  await initTf('wasm');
  const run = () =>
    tf.tidy(() => {
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
      // rows 0 and 2 go to segment 1, row 3 to segment 0, row 1 is out of range and dropped
      return tf.unsortedSegmentSum(x, tf.tensor1d([1, 7, 1, 0], 'int32'), 3).arraySync();
    });
  const wasm = await onBackend('wasm', run);
  const cpu = await onBackend('cpu', run);
  assert.deepEqual(wasm, [
    [7, 8],
    [6, 8],
    [0, 0],
  ]);
  assert.deepEqual(wasm, cpu);
});

test('Sum over leading axes (bias gradients) matches cpu; other reductions fall back', async () => {
  await initTf('wasm');
  const values = [...Array(24).keys()].map((i) => ((i * 7) % 11) - 5.5);
  const run = () =>
    tf.tidy(() => {
      const x = tf.tensor3d(values, [2, 3, 4]);
      return [
        tf.sum(x, 0),
        tf.sum(x, [0, 1]),
        tf.sum(x, [1, 0], true),
        tf.sum(x, -1), // not leading: the stock kernel
        tf.sum(x), // every axis: the stock kernel
        tf.sum(tf.reshape(x, [6, 4]), 0, true),
      ].map((t) => ({ shape: t.shape, values: [...t.dataSync()] }));
    });
  const wasm = await onBackend('wasm', run);
  const cpu = await onBackend('cpu', run);
  assert.deepEqual(wasm, cpu);
});

test('gather gradient works on wasm and matches cpu', async () => {
  await initTf('wasm');
  const run = () =>
    tf.tidy(() => {
      const table = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d([2, 0, 2], 'int32')), 2)));
      return g(table).arraySync();
    });
  const wasm = await onBackend('wasm', run);
  const cpu = await onBackend('cpu', run);
  // d/dtable of 2·Σ rows: row 2 picked twice -> 4, row 0 once -> 2, row 1 never -> 0
  assert.deepEqual(wasm, [
    [2, 2],
    [0, 0],
    [4, 4],
  ]);
  assert.deepEqual(wasm, cpu);
});

test('transposed BatchMatMul matches cpu for every transpose combination', async () => {
  await initTf('wasm');
  const a = [...Array(12).keys()].map((i) => (i % 5) - 2);
  const b = [...Array(12).keys()].map((i) => (i % 7) - 3);
  for (const [ta, tb, sa, sb] of [
    [false, false, [3, 4], [4, 3]],
    [true, false, [4, 3], [4, 3]],
    [false, true, [3, 4], [3, 4]],
    [true, true, [4, 3], [3, 4]],
  ] as const) {
    const run = () =>
      tf.tidy(() => tf.matMul(tf.tensor2d(a, [...sa]), tf.tensor2d(b, [...sb]), ta, tb).arraySync());
    const wasm = await onBackend('wasm', run);
    const cpu = await onBackend('cpu', run);
    assert.deepEqual(wasm, cpu, `transposeA=${ta} transposeB=${tb}`);
  }
});

test('BatchMatMul through OpenBLAS matches cpu: transposes, batches, broadcast batches', async (t) => {
  await initTf('wasm');
  if (!nativeAddon()) {
    // CI installs OpenBLAS (.ci/run), so there the addon must have been built and load.
    assert.ok(!process.env.CI, 'the OpenBLAS addon did not load in CI (native/ build failed?)');
    t.skip('native/ not built here (no OpenBLAS): the wasm path is what runs');
    return;
  }
  let seed = 3;
  const rnd = (n: number) =>
    Float32Array.from({ length: n }, () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32 - 0.5;
    });
  for (const [sa, sb, ta, tb] of [
    [[1, 37, 70], [1, 70, 19], false, false],
    [[1, 70, 37], [1, 70, 19], true, false],
    [[1, 37, 70], [1, 19, 70], false, true],
    [[1, 70, 37], [1, 19, 70], true, true],
    [[3, 5, 8], [3, 8, 4], false, false],
    [[3, 8, 5], [1, 8, 4], true, false],
    [[1, 5, 8], [3, 4, 8], false, true],
  ] as [number[], number[], boolean, boolean][]) {
    const a = rnd(sa.reduce((x, y) => x * y));
    const b = rnd(sb.reduce((x, y) => x * y));
    const run = () =>
      tf.tidy(() => tf.matMul(tf.tensor3d(a, sa as never), tf.tensor3d(b, sb as never), ta, tb).dataSync());
    const wasm = await onBackend('wasm', run);
    const cpu = await onBackend('cpu', run);
    assert.equal(wasm.length, cpu.length);
    cpu.forEach((c, i) => {
      assert.ok(Math.abs(wasm[i] - c) < 1e-4, `[${sa}]x[${sb}] ${ta} ${tb} at ${i}: ${wasm[i]} vs ${c}`);
    });
  }
});

test('the wrapped matmul frees its temporary transposes', async () => {
  await initTf('wasm');
  const a = tf.ones([8, 4]);
  const b = tf.ones([8, 4]);
  const before = tf.memory().numTensors;
  const bytes = tf.memory().numBytes;
  for (let i = 0; i < 5; i++) tf.matMul(a, b, true, false).dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.equal(tf.memory().numBytes, bytes);
  tf.dispose([a, b]);
});

test('row GatherV2 matches cpu, including repeated and out-of-range rows; other axes fall back', async () => {
  await initTf('wasm');
  const run = () =>
    tf.tidy(() => {
      const x = tf.tensor3d([...Array(24).keys()], [4, 3, 2]);
      const rows = tf.gather(x, tf.tensor1d([3, 0, 3], 'int32')).arraySync();
      const nested = tf
        .gather(
          x,
          tf.tensor2d(
            [
              [1, 2],
              [2, 1],
            ],
            [2, 2],
            'int32',
          ),
        )
        .arraySync();
      const axis1 = tf.gather(x, tf.tensor1d([2, 0], 'int32'), 1).arraySync();
      return { rows, nested, axis1 };
    });
  const wasm = await onBackend('wasm', run);
  const cpu = await onBackend('cpu', run);
  assert.deepEqual(wasm, cpu);
  assert.deepEqual(wasm.rows[0], [
    [18, 19],
    [20, 21],
    [22, 23],
  ]);
});

test('Concat and SplitV (its gradient) match cpu on every axis, int32 too', async () => {
  await initTf('wasm');
  const run = () =>
    tf.tidy(() => {
      const a = tf.tensor3d(
        Array.from({ length: 24 }, (_, i) => i),
        [2, 3, 4],
      );
      const b = tf.tensor3d(
        Array.from({ length: 12 }, (_, i) => 100 + i),
        [2, 3, 2],
      );
      const c = tf.tensor3d(
        Array.from({ length: 8 }, (_, i) => -i),
        [2, 1, 4],
      );
      const ints = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
      const x = tf.tensor2d(
        Array.from({ length: 30 }, (_, i) => i * 0.5),
        [3, 10],
      );
      // gradient of a concat: SplitV on the way back
      const g = tf.grad((t: tf.Tensor) =>
        tf.sum(tf.mul(tf.concat([t, tf.square(t)], 1), tf.range(1, 21).reshape([1, 20]))),
      )(x);
      return {
        last: tf.concat([a, b], 2).arraySync(),
        middle: tf.concat([a, c], 1).arraySync(),
        first: tf.concat([a, a], 0).arraySync(),
        negative: tf.concat([a, b], -1).arraySync(),
        ints: tf.concat([ints, ints], 1).arraySync(),
        empty: tf.concat([tf.zeros([2, 0]), tf.ones([2, 1])], 1).arraySync(),
        split: tf.split(x, [3, -1, 2], 1).map((t) => t.arraySync()),
        even: tf.split(x, 5, 1).map((t) => t.arraySync()),
        rows: tf.split(x, [1, 2], 0).map((t) => t.arraySync()),
        grad: g.arraySync(),
      };
    });
  const wasm = await onBackend('wasm', run);
  const cpu = await onBackend('cpu', run);
  assert.deepEqual(wasm, cpu);
  assert.deepEqual(wasm.ints, [
    [1, 2, 1, 2],
    [3, 4, 3, 4],
  ]);
});
