import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { NeuMf } from '../../../src/models/ranking/neumf.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { assertAllClose } from '../../helpers/close.ts';

before(async () => {
  await initTf('wasm');
});

const CONFIG = { numUsers: 4, numItems: 6, dim: 3, hidden: [5, 2], seed: 1 };

const rowOf = (v: tf.Variable, r: number) => {
  const d = v.shape[1] as number;
  return Array.from(v.dataSync().subarray(r * d, (r + 1) * d));
};
/** x·W + b for a vector x. */
function dense(x: number[], w: tf.Variable, b: tf.Variable): number[] {
  const [inDim, outDim] = w.shape;
  const wv = w.dataSync();
  const bv = b.dataSync();
  return Array.from({ length: outDim }, (_, j) => {
    let s = bv[j];
    for (let i = 0; i < inDim; i++) s += x[i] * wv[i * outDim + j];
    return s;
  });
}
const relu = (x: number[]) => x.map((v) => Math.max(v, 0));

/** The paper's NeuMF logit in plain JS: [GMF ⊙ | ReLU MLP tower] -> linear head. */
function expectedLogit(m: NeuMf, u: number, i: number): number {
  const [ug, ig, um, im, w0, b0, w1, b1, hw, hb] = m.variables();
  const gmf = rowOf(ug, u).map((x, k) => x * rowOf(ig, i)[k]);
  const mlp = relu(dense(relu(dense([...rowOf(um, u), ...rowOf(im, i)], w0, b0)), w1, b1));
  return dense([...gmf, ...mlp], hw, hb)[0];
}

test('four embedding tables, the MLP tower and a one-logit head', () => {
  const m = new NeuMf(CONFIG);
  assert.deepEqual(
    m.variables().map((v) => v.shape),
    [[4, 3], [6, 3], [4, 3], [6, 3], [6, 5], [5], [5, 2], [2], [5, 1], [1]],
  );
  assert.ok(m.variables().every((v) => v.trainable));
  assert.equal(new Set(m.variables().map((v) => v.name)).size, 10);
  m.dispose();
});

test('logits follow GMF ⊙ plus a ReLU MLP through the head, pair by pair', () => {
  const m = new NeuMf(CONFIG);
  // Non-zero biases, so that the ReLU before the head matters.
  for (const v of m.variables().filter((v) => v.shape.length === 1))
    v.assign(tf.tidy(() => tf.fill(v.shape, -0.01)));
  const users = Int32Array.of(0, 1, 3, 3);
  const items = Int32Array.of(5, 2, 0, 4);
  const logits = tf.tidy(() => m.logits(users, items).dataSync());
  assert.equal(logits.length, 4);
  assertAllClose(
    logits,
    Array.from(users, (u, k) => expectedLogit(m, u, items[k])),
    1e-6,
  );
  m.dispose();
});

test('score is the sigmoid of the logit', () => {
  const m = new NeuMf(CONFIG);
  const users = Int32Array.of(2, 0);
  const items = Int32Array.of(1, 3);
  const logits = tf.tidy(() => m.logits(users, items).dataSync());
  const scores = m.score(users, items);
  assertAllClose(
    scores,
    Array.from(logits, (x) => 1 / (1 + Math.exp(-x))),
    1e-6,
  );
  for (const s of scores) assert.ok(s > 0 && s < 1);
  m.dispose();
});

test('the same seed gives the same model, another seed another', () => {
  const a = new NeuMf(CONFIG);
  const b = new NeuMf(CONFIG);
  const c = new NeuMf({ ...CONFIG, seed: 2 });
  const users = Int32Array.of(0, 1, 2);
  const items = Int32Array.of(3, 4, 5);
  assert.deepEqual(a.score(users, items), b.score(users, items));
  assert.notDeepEqual(a.score(users, items), c.score(users, items));
  for (const m of [a, b, c]) m.dispose();
});

test('gradients reach every variable', () => {
  const m = new NeuMf(CONFIG);
  for (const v of m.variables().filter((v) => v.shape.length === 1))
    v.assign(tf.tidy(() => tf.fill(v.shape, 0.05)));
  const { value, grads } = tf.variableGrads(
    () => tf.sum(m.logits(Int32Array.of(0, 1, 2, 3), Int32Array.of(1, 2, 3, 4))) as tf.Scalar,
    m.variables(),
  );
  for (const v of m.variables()) {
    const g = grads[v.name];
    assert.ok(g, `gradient for ${v.name}`);
    assert.ok(
      g.dataSync().some((x) => x !== 0),
      `non-zero gradient for ${v.name}`,
    );
  }
  tf.dispose([value, ...Object.values(grads)]);
  m.dispose();
});

test('score leaves no tensor behind and dispose frees the ten variables', () => {
  const start = tf.memory().numTensors;
  const m = new NeuMf(CONFIG);
  assert.equal(tf.memory().numTensors, start + 10);
  m.score(Int32Array.of(1), Int32Array.of(1));
  assert.equal(tf.memory().numTensors, start + 10);
  m.dispose();
  assert.equal(tf.memory().numTensors, start);
});
