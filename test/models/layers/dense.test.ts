import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { BundleError } from '../../../src/errors.ts';
import {
  applyStack,
  assignWeights,
  createStack,
  namedWeights,
  uniqueName,
} from '../../../src/models/layers/dense.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';

before(async () => {
  await initTf('wasm');
});

const freeStack = (layers: { w: tf.Variable; b: tf.Variable }[]) =>
  tf.dispose(layers.flatMap((l) => [l.w, l.b]));

test('uniqueName appends a fresh #n suffix on every call', () => {
  const a = uniqueName('x/w');
  const b = uniqueName('x/w');
  assert.match(a, /^x\/w#\d+$/);
  assert.match(b, /^x\/w#\d+$/);
  assert.notEqual(a, b);
});

test('createStack: one layer per size, chained shapes, zero biases, unique variable names', () => {
  const layers = createStack('t', 5, [4, 3, 1], 7);
  assert.equal(layers.length, 3);
  assert.deepEqual(
    layers.map((l) => [l.w.shape, l.b.shape]),
    [
      [[5, 4], [4]],
      [[4, 3], [3]],
      [[3, 1], [1]],
    ],
  );
  for (const l of layers) assert.deepEqual([...l.b.dataSync()], new Array(l.b.shape[0]).fill(0));
  assert.deepEqual(Object.keys(namedWeights(layers.flatMap((l) => [l.w, l.b]))), [
    't/0/w',
    't/0/b',
    't/1/w',
    't/1/b',
    't/2/w',
    't/2/b',
  ]);
  // A second live copy of the same stack does not collide with the first.
  const copy = createStack('t', 5, [4, 3, 1], 7);
  assert.notEqual(copy[0].w.name, layers[0].w.name);
  freeStack([...layers, ...copy]);
});

test('createStack is seeded: same seed, same weights; another seed, other weights; He scale', () => {
  const a = createStack('s', 200, [50], 3);
  const b = createStack('s', 200, [50], 3);
  const c = createStack('s', 200, [50], 4);
  const wa = a[0].w.dataSync() as Float32Array;
  assert.deepEqual(wa, b[0].w.dataSync());
  assert.notDeepEqual(wa, c[0].w.dataSync());
  // He initialisation: standard deviation √(2 / in) = 0.1.
  const sd = Math.sqrt(wa.reduce((s, x) => s + x * x, 0) / wa.length);
  assert.ok(Math.abs(sd - 0.1) < 0.01, `sd ${sd}`);
  freeStack([...a, ...b, ...c]);
});

test('applyStack: ReLU after every layer but the last, which stays linear', () => {
  const layers = createStack('a', 2, [2, 1], 1);
  // Layer 0 is the identity with bias [-1, 0]; layer 1 sums its inputs and subtracts 10.
  layers[0].w.assign(tf.tensor2d([1, 0, 0, 1], [2, 2]));
  layers[0].b.assign(tf.tensor1d([-1, 0]));
  layers[1].w.assign(tf.tensor2d([1, 1], [2, 1]));
  layers[1].b.assign(tf.tensor1d([-10]));
  const out = tf.tidy(() => applyStack(layers, tf.tensor2d([0.5, 3, 4, -2], [2, 2])).arraySync());
  // Row 1: relu([-0.5, 3]) = [0, 3] -> 3 - 10 = -7 (negative: no ReLU at the end).
  // Row 2: relu([3, -2]) = [3, 0] -> 3 - 10 = -7.
  assert.deepEqual(out, [[-7], [-7]]);
  const single = tf.tidy(() => applyStack([layers[0]], tf.tensor2d([0.5, -3], [1, 2])).arraySync());
  assert.deepEqual(single, [[-0.5, -3]], 'a one-layer stack is purely linear');
  freeStack(layers);
});

test('applyStack of no layers returns its input', () => {
  const x = tf.tensor2d([1, -2], [1, 2]);
  assert.equal(applyStack([], x), x);
  x.dispose();
});

test('namedWeights keys variables by their name without the unique suffix', () => {
  const v = tf.variable(tf.zeros([2]), true, uniqueName('m/emb'));
  const plain = tf.variable(tf.zeros([1]), true, `plain-${uniqueName('v')}x`);
  const named = namedWeights([v, plain]);
  assert.equal(named['m/emb'], v);
  assert.equal(named[plain.name], plain, 'a name not ending in #n is kept as it is');
  tf.dispose([v, plain]);
});

test('assignWeights copies weights by stable name across live copies', () => {
  const from = createStack('c', 3, [2], 1);
  const to = createStack('c', 3, [2], 99);
  assignWeights(
    'test',
    to.flatMap((l) => [l.w, l.b]),
    namedWeights(from.flatMap((l) => [l.w, l.b])),
  );
  assert.deepEqual(to[0].w.dataSync(), from[0].w.dataSync());
  assert.deepEqual(to[0].b.dataSync(), from[0].b.dataSync());
  freeStack([...from, ...to]);
});

test('assignWeights: a missing weight is a BundleError naming it, values left as they were', () => {
  const layers = createStack('m', 2, [2], 5);
  const w0 = layers[0].w.dataSync().slice();
  const zeros = tf.zeros([2, 2]);
  assert.throws(
    () => assignWeights('ranker', [layers[0].w, layers[0].b], { 'm/0/w': zeros }),
    (e: unknown) =>
      e instanceof BundleError &&
      e.code === 'BUNDLE_INVALID' &&
      e.message === 'ranker weights: missing "m/0/b"',
  );
  // The w that came before the missing b was assigned (the check runs variable by variable).
  assert.deepEqual([...layers[0].w.dataSync()], [0, 0, 0, 0]);
  assert.notDeepEqual([...w0], [0, 0, 0, 0]);
  zeros.dispose();
  freeStack(layers);
});

test('assignWeights: a weight of the wrong shape is a BundleError naming both shapes', () => {
  const layers = createStack('q', 2, [3], 5);
  const before = layers[0].w.dataSync().slice();
  const bad = tf.zeros([3, 2]);
  assert.throws(
    () => assignWeights('tower', [layers[0].w], { 'q/0/w': bad }),
    (e: unknown) =>
      e instanceof BundleError &&
      e.code === 'BUNDLE_INVALID' &&
      e.message === 'tower weights: "q/0/w" expected shape [2,3], got [3,2]',
  );
  assert.deepEqual(layers[0].w.dataSync(), before);
  tf.dispose(bad);
  freeStack(layers);
});

test('creating and applying stacks inside tidy leaves only the variables', () => {
  const start = tf.memory().numTensors;
  const layers = createStack('leak', 4, [3, 2], 2);
  assert.equal(tf.memory().numTensors, start + 4);
  tf.tidy(() => {
    applyStack(layers, tf.ones([5, 4]));
  });
  assert.equal(tf.memory().numTensors, start + 4);
  freeStack(layers);
  assert.equal(tf.memory().numTensors, start);
});
