import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attend, attentionVariables, createAttention } from '../../../src/models/retrieval/attention.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';

const n = 4;
const dim = 3;

test('the read is [size, d], ignores empty slots, and with one real slot is that slot through the value map', async () => {
  await initTf('cpu');
  const a = createAttention(n, dim, 1);
  const emb = tf.variable(tf.randomNormal([6, dim], 0, 1, 'float32', 2));
  const ids = Int32Array.from([0, 0, 0, 3, 0, 2, 4, 5]);
  const out = tf.tidy(() => attend(a, emb, ids, 2));
  assert.deepEqual(out.shape, [2, dim]);
  // Row 0 has one real slot (the latest, 3): softmax over one slot is 1, so the read is v(x).
  const expected = tf.tidy(() =>
    tf.matMul(tf.add(tf.gather(emb, [3]), tf.slice(a.position, [n - 1, 0], [1, dim])), a.v),
  );
  const got = (out.arraySync() as number[][])[0];
  const want = (expected.arraySync() as number[][])[0];
  for (let i = 0; i < dim; i++) assert.ok(Math.abs(want[i] - got[i]) < 1e-5);
  // Changing the padding row (0) changes nothing: empty slots carry no weight.
  const before = out.arraySync() as number[][];
  emb.assign(tf.tidy(() => tf.concat([tf.fill([1, dim], 100), tf.slice(emb, [1, 0], [5, dim])])));
  const after = tf.tidy(() => attend(a, emb, ids, 2));
  const now = after.arraySync() as number[][];
  for (let r = 0; r < 2; r++)
    for (let i = 0; i < dim; i++) assert.ok(Math.abs(now[r][i] - before[r][i]) < 1e-4);
  tf.dispose([out, expected, after, emb, ...attentionVariables(a)]);
});

test('gradients reach the embeddings and every attention variable, and nothing leaks', async () => {
  await initTf('cpu');
  const a = createAttention(n, dim, 3);
  const emb = tf.variable(tf.randomNormal([6, dim], 0, 1, 'float32', 4));
  const ids = Int32Array.from([1, 2, 3, 4, 0, 5, 1, 2]);
  const start = tf.memory().numTensors;
  tf.tidy(() => {
    const { grads } = tf.variableGrads(
      () => tf.sum(attend(a, emb, ids, 2)) as tf.Scalar,
      [emb, ...attentionVariables(a)],
    );
    for (const g of Object.values(grads)) assert.ok(tf.sum(tf.abs(g)).dataSync()[0] > 0);
  });
  assert.equal(tf.memory().numTensors, start);
  tf.dispose([emb, ...attentionVariables(a)]);
});
