import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { jsKernels } from '../../src/runtime/js-kernels.ts';
import { nativeAddon } from '../../src/runtime/native.ts';
import { composedBags, embeddingBags } from '../../src/runtime/ops/embedding-bag.ts';
import { composedCrossEntropy, softmaxCrossEntropy } from '../../src/runtime/ops/softmax-cross-entropy.ts';
import { initTf } from '../../src/runtime/tf.ts';
import { createAdam, FusedAdam } from '../../src/training/adam.ts';
import { onBackend } from '../helpers/backend.ts';
import { assertAllClose } from '../helpers/close.ts';
import { randomVectors } from '../helpers/random.ts';

// The fused ops run on wasm; each must give what the stock composed ops give on the cpu backend,
// value and gradient, through the native addon and through the JS kernels alike.

let seed = 11;
/** Uniform(-scale, scale), a new stream per call. */
const rnd = (n: number, scale = 1) => randomVectors(n, 1, seed++).map((x) => x * 2 * scale);

/** Runs `f` once per kernel implementation available here (native when built, always JS). */
async function eachImplementation(f: (name: string) => Promise<void>) {
  const native = !!nativeAddon();
  if (!native) assert.ok(!process.env.CI, 'the native addon did not load in CI (native/ build failed?)');
  const saved = process.env.RECO_NATIVE;
  try {
    for (const name of native ? ['native', 'js'] : ['js']) {
      process.env.RECO_NATIVE = name === 'js' ? '0' : '1';
      await f(name);
    }
  } finally {
    if (saved === undefined) delete process.env.RECO_NATIVE;
    else process.env.RECO_NATIVE = saved;
  }
}

test('softmax cross-entropy: loss and gradient match the composed ops on cpu, no tensors left', async () => {
  await initTf('wasm');
  const [b, w] = [6, 9];
  const z = rnd(b * w, 4);
  z[3] = -1e9; // a masked logit, as the in-batch loss writes them
  const targets = Int32Array.from({ length: b }, (_, i) => (i * 5) % w);
  const expected = await onBackend('cpu', () =>
    tf.tidy(() => {
      const v = tf.variable(tf.tensor2d(z, [b, w]));
      const { value, grads } = tf.variableGrads(
        () => tf.mul(composedCrossEntropy(v as unknown as tf.Tensor2D, targets), 3) as tf.Scalar,
        [v],
      );
      const out = { loss: value.dataSync()[0], grad: Object.values(grads)[0].dataSync() };
      v.dispose();
      return out;
    }),
  );
  await eachImplementation(async (name) => {
    const before = tf.memory().numTensors;
    const v = tf.tidy(() => tf.variable(tf.tensor2d(z, [b, w])));
    const { value, grads } = tf.variableGrads(
      () => tf.mul(softmaxCrossEntropy(v as unknown as tf.Tensor2D, targets), 3) as tf.Scalar,
      [v],
    );
    assert.ok(Math.abs(value.dataSync()[0] - expected.loss) < 1e-5, `${name} loss`);
    assertAllClose(Object.values(grads)[0].dataSync(), expected.grad, 1e-6, `${name} gradient`);
    tf.dispose([value, ...Object.values(grads), v]);
    assert.equal(tf.memory().numTensors, before, `${name}: no tensors leaked`);
  });
});

test('embedding bags: value and table gradient match gather + weighted sums on cpu', async () => {
  await initTf('wasm');
  const [rows, slots, d, tableRows] = [5, 4, 3, 7];
  const table = rnd(tableRows * d);
  const ids = Int32Array.from({ length: rows * slots }, (_, i) => (i * 3) % tableRows);
  const weights = [rnd(rows * slots), rnd(rows * slots), new Float32Array(rows * slots).fill(0.25)];
  weights[1][2] = 0; // zero weights are skipped, not mistaken
  const probe = rnd(rows * weights.length * d); // d loss / d out, so every output entry matters
  const withGrad = (f: typeof embeddingBags) =>
    tf.tidy(() => {
      const v = tf.variable(tf.tensor2d(table, [tableRows, d]));
      let out: Float32Array = new Float32Array();
      const { grads } = tf.variableGrads(() => {
        const bags = f(v as unknown as tf.Tensor2D, ids, weights, rows, slots);
        out = bags.dataSync() as Float32Array;
        return tf.sum(tf.mul(bags, tf.tensor2d(probe, bags.shape))) as tf.Scalar;
      }, [v]);
      const result = { out, grad: Object.values(grads)[0].dataSync() as Float32Array };
      v.dispose();
      return result;
    });
  const expected = await onBackend('cpu', () => withGrad(composedBags));
  await eachImplementation(async (name) => {
    const before = tf.memory().numTensors;
    const got = withGrad(embeddingBags);
    assertAllClose(got.out, expected.out, 1e-5, `${name} bags`);
    assertAllClose(got.grad, expected.grad, 1e-5, `${name} table gradient`);
    assert.equal(tf.memory().numTensors, before, `${name}: no tensors leaked`);
  });
});

test('fused Adam follows tf.train.adam step for step', async () => {
  await initTf('wasm');
  const init = rnd(40);
  const target = rnd(40);
  const train = (optimizer: tf.Optimizer) => {
    const v = tf.tidy(() => tf.variable(tf.tensor2d(init, [8, 5]), true, `adam-${Math.random()}`));
    for (let s = 0; s < 5; s++)
      tf.tidy(() => {
        optimizer.minimize(
          () => tf.sum(tf.square(tf.sub(v, tf.tensor2d(target, [8, 5])))) as tf.Scalar,
          false,
          [v],
        );
      });
    const out = v.dataSync() as Float32Array;
    v.dispose();
    optimizer.dispose();
    return out;
  };
  const expected = await onBackend('cpu', () => train(tf.train.adam(0.05)));
  assert.ok(createAdam(0.05) instanceof FusedAdam, 'wasm trains with the fused Adam');
  await eachImplementation(async (name) => {
    const before = tf.memory().numTensors;
    assertAllClose(train(new FusedAdam(0.05)), expected, 1e-5, `${name} after 5 steps`);
    assert.equal(tf.memory().numTensors, before, `${name}: no tensors leaked`);
  });
});

test('the native kernels refuse arrays that do not fit instead of touching memory', async (t) => {
  const addon = nativeAddon();
  if (!addon) {
    t.skip('native/ not built here');
    return;
  }
  const z = new Float32Array(6);
  assert.throws(
    () => addon.softmaxXentForward(z, Int32Array.of(0, 1), new Float32Array(2), 2, 4),
    RangeError,
  );
  assert.throws(
    () => addon.softmaxXentForward(z, Int32Array.of(0, 5), new Float32Array(2), 2, 3),
    /target column out of range/,
  );
  assert.throws(
    () =>
      addon.embeddingBagForward(z, Int32Array.of(0, 9), new Float32Array(2), new Float32Array(6), 1, 2, 1, 3),
    /out of the table's range/,
  );
  assert.throws(() => addon.adamUpdate(z, z, z, z, new Float32Array(5), 0.1, 0.9, 0.999, 1e-7, 0.1, 0.001));
  assert.throws(
    () => jsKernels.softmaxXentForward(z, Int32Array.of(0, 5), new Float32Array(2), 2, 3),
    RangeError,
  );
});
