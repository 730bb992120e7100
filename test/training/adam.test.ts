import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { createAdam, FusedAdam } from '../../src/training/adam.ts';

before(async () => {
  await initTf('wasm');
});

let n = 0;
const variable = (values: number[]) => tf.variable(tf.tensor1d(values), true, `fused-adam-test-${n++}`);
const read = (v: tf.Variable) => [...(v.dataSync() as Float32Array)];
const close = (a: number[], b: number[], tol = 1e-6) =>
  a.every((x, i) => Math.abs(x - b[i]) <= tol) || assert.fail(`${a} vs ${b}`);

test('the first step moves each weight by the learning rate against its gradient’s sign, whatever its size', () => {
  const v = variable([1, 1, 1, 1]);
  const opt = new FusedAdam(0.1);
  const g = tf.tensor1d([1000, -0.001, 3, 0]);
  opt.applyGradients({ [v.name]: g });
  // Bias-corrected: m̂ = g, v̂ = g², so the step is lr · g / (|g| + ε).
  close(read(v), [0.9, 1.1, 0.9, 1], 1e-4);
  tf.dispose([v, g]);
  opt.dispose();
});

test('a named map and a list of gradients are the same update', () => {
  const a = variable([0.5, -2]);
  const b = variable([0.5, -2]);
  const byMap = new FusedAdam(0.05);
  const byList = new FusedAdam(0.05);
  for (const grads of [
    [0.2, -1],
    [0.4, 3],
    [-1, 0.5],
  ]) {
    const g = tf.tensor1d(grads);
    byMap.applyGradients({ [a.name]: g });
    byList.applyGradients([{ name: b.name, tensor: g }]);
    g.dispose();
  }
  assert.deepEqual(read(a), read(b));
  tf.dispose([a, b]);
});

test('moments are kept per variable: a second variable’s first step is a first step too', () => {
  const a = variable([0]);
  const b = variable([0]);
  const opt = new FusedAdam(0.1);
  const g = tf.tensor1d([1]);
  opt.applyGradients({ [a.name]: g });
  opt.applyGradients({ [a.name]: g });
  close(read(a), [-0.2], 1e-5);
  // b's moments start at zero at step 3: m̂ = 0.1 / (1 − 0.9³), v̂ = 0.001 / (1 − 0.999³).
  opt.applyGradients({ [b.name]: g });
  const m = 0.1 / (1 - 0.9 ** 3);
  const vHat = 0.001 / (1 - 0.999 ** 3);
  close(read(b), [-(0.1 * m) / (Math.sqrt(vHat) + 1e-7)], 1e-5);
  tf.dispose([a, b, g]);
});

test('an unknown variable or a missing gradient is skipped; the call still counts as a step', () => {
  const v = variable([1]);
  const opt = new FusedAdam(0.1);
  const g = tf.tensor1d([1]);
  opt.applyGradients([
    { name: 'no-such-variable', tensor: g },
    { name: v.name, tensor: null as unknown as tf.Tensor },
  ]);
  assert.deepEqual(read(v), [1]);
  assert.equal(opt.iterations, 1);
  opt.applyGradients([{ name: v.name, tensor: g }]);
  // As tf.train.adam: bias correction by the optimizer's step (2), moments fresh for v.
  const m = 0.1 / (1 - 0.9 ** 2);
  const vHat = 0.001 / (1 - 0.999 ** 2);
  close(read(v), [1 - (0.1 * m) / (Math.sqrt(vHat) + 1e-7)], 1e-5);
  tf.dispose([v, g]);
});

test('minimize counts iterations and frees what each step allocates', async () => {
  const v = variable([2, -3]);
  const opt = new FusedAdam(0.01);
  const before = tf.memory().numTensors;
  for (let s = 0; s < 3; s++)
    tf.tidy(() => {
      opt.minimize(() => tf.sum(tf.square(v)) as tf.Scalar, false, [v]);
    });
  assert.equal(opt.iterations, 3);
  assert.equal(tf.memory().numTensors, before);
  const after = read(v);
  assert.ok(after[0] < 2 && after[1] > -3, 'both weights move towards the minimum at 0');
  tf.dispose(v);
});

test('its config: tf.train.adam’s defaults, under a class name of its own', () => {
  assert.deepEqual(new FusedAdam(0.003).getConfig(), {
    learningRate: 0.003,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-7,
  });
  assert.deepEqual(new FusedAdam(1, 0.5, 0.6, 0.1).getConfig(), {
    learningRate: 1,
    beta1: 0.5,
    beta2: 0.6,
    epsilon: 0.1,
  });
  assert.equal(FusedAdam.className, 'RecoFusedAdam');
});

test('createAdam: the fused one on wasm, the stock one when RECO_FUSED=0 turns fusing off', () => {
  // By class name: tf.Optimizer's Symbol.hasInstance makes any optimizer `instanceof FusedAdam`.
  assert.equal(createAdam(0.01).getClassName(), 'RecoFusedAdam');
  const saved = process.env.RECO_FUSED;
  process.env.RECO_FUSED = '0';
  try {
    const stock = createAdam(0.01);
    assert.equal(stock.getClassName(), 'Adam');
    stock.dispose();
  } finally {
    if (saved === undefined) delete process.env.RECO_FUSED;
    else process.env.RECO_FUSED = saved;
  }
});
