import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTidy } from '../../src/runtime/read.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';

test('readTidy returns the values of one tensor or several, and leaves no tensor behind', async () => {
  await initTf('wasm');
  const before = tf.memory().numTensors;
  const one = readTidy(() => tf.add(tf.tensor1d([1, 2]), tf.scalar(1)));
  assert.ok(one instanceof Float32Array);
  assert.deepEqual([...one], [2, 3]);
  const [a, b] = readTidy(() => [tf.ones([2]), tf.zeros([3])]);
  assert.deepEqual([...a], [1, 1]);
  assert.deepEqual([...b], [0, 0, 0]);
  assert.equal(tf.memory().numTensors, before);
});

test('a throwing function leaks nothing either', async () => {
  await initTf('wasm');
  const before = tf.memory().numTensors;
  assert.throws(
    () =>
      readTidy(() => {
        tf.ones([4]);
        throw new Error('bad');
      }),
    /bad/,
  );
  assert.equal(tf.memory().numTensors, before);
});
