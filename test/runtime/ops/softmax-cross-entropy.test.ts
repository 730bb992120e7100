import assert from 'node:assert/strict';
import { afterEach, before, test } from 'node:test';
import { composedCrossEntropy, softmaxCrossEntropy } from '../../../src/runtime/ops/softmax-cross-entropy.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { onBackend } from '../../helpers/backend.ts';
import { assertAllClose } from '../../helpers/close.ts';
import { randomVectors } from '../../helpers/random.ts';

const saved = process.env.RECO_FUSED;
before(async () => {
  await initTf('wasm');
});
afterEach(() => {
  if (saved === undefined) delete process.env.RECO_FUSED;
  else process.env.RECO_FUSED = saved;
});

/** Mean over rows of log Σ exp(z) − z[target], in float64. */
function reference(z: Float32Array, targets: Int32Array, w: number): number {
  let sum = 0;
  targets.forEach((t, i) => {
    const row = Array.from(z.subarray(i * w, (i + 1) * w));
    const max = Math.max(...row);
    sum += max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0)) - row[t];
  });
  return sum / targets.length;
}

/** Loss and d loss / d logits of `f` (scaled by 2, so that dy is not 1). */
function lossAndGrad(f: typeof softmaxCrossEntropy, z: Float32Array, targets: Int32Array, w: number) {
  return tf.tidy(() => {
    const x = tf.tensor2d(z, [targets.length, w]);
    let loss = 0;
    const grad = tf.grad((l: tf.Tensor) => {
      const v = f(l as tf.Tensor2D, targets);
      loss = v.dataSync()[0];
      return tf.mul(v, 2);
    })(x);
    return { loss, grad: grad.dataSync() as Float32Array };
  });
}

const [B, W] = [5, 7];
const z = randomVectors(B, W, 21).map((x) => x * 8);
const targets = Int32Array.of(0, 6, 3, 3, 1);

test('uniform logits cost log W per row', () => {
  const loss = tf.tidy(
    () => softmaxCrossEntropy(tf.zeros([3, 4]) as tf.Tensor2D, Int32Array.of(0, 1, 3)).dataSync()[0],
  );
  assert.ok(Math.abs(loss - Math.log(4)) < 1e-6, `${loss}`);
});

test('the fused op on wasm: mean cross-entropy, gradient (softmax − one-hot)·dy/B', () => {
  const { loss, grad } = lossAndGrad(softmaxCrossEntropy, z, targets, W);
  assert.ok(Math.abs(loss - reference(z, targets, W)) < 1e-5);
  const expected: number[] = [];
  for (let i = 0; i < B; i++) {
    const row = Array.from(z.subarray(i * W, (i + 1) * W));
    const max = Math.max(...row);
    const e = row.map((x) => Math.exp(x - max));
    const s = e.reduce((a, b) => a + b, 0);
    e.forEach((v, j) => {
      expected.push(((v / s - (j === targets[i] ? 1 : 0)) * 2) / B);
    });
  }
  assertAllClose(grad, expected, 1e-6);
});

test('the fused op, RECO_FUSED=0 on wasm, and the composed ops on cpu agree', async () => {
  const fused = lossAndGrad(softmaxCrossEntropy, z, targets, W);
  process.env.RECO_FUSED = '0';
  const unfused = lossAndGrad(softmaxCrossEntropy, z, targets, W);
  const cpu = await onBackend('cpu', () => lossAndGrad(softmaxCrossEntropy, z, targets, W));
  const composed = lossAndGrad(composedCrossEntropy, z, targets, W);
  for (const [name, other] of Object.entries({ unfused, cpu, composed })) {
    assert.ok(Math.abs(fused.loss - other.loss) < 1e-5, `${name} loss`);
    assertAllClose(fused.grad, other.grad, 1e-6, `${name} gradient`);
  }
});

test('huge and masked logits stay finite', () => {
  const big = Float32Array.of(1000, 0, -1e9, -1e9, 1000, 999);
  const { loss, grad } = lossAndGrad(softmaxCrossEntropy, big, Int32Array.of(0, 2), 3);
  assert.ok(Number.isFinite(loss));
  assert.ok(Math.abs(loss - reference(big, Int32Array.of(0, 2), 3)) < 1e-3);
  assert.ok(grad.every(Number.isFinite));
});

test('a target count other than the row count is a RangeError', () => {
  const x = tf.zeros([3, 4]) as tf.Tensor2D;
  assert.throws(() => softmaxCrossEntropy(x, Int32Array.of(0, 1)), {
    name: 'RangeError',
    message: 'softmax cross-entropy: 2 targets for 3 rows',
  });
  x.dispose();
});

test('a target column outside the row is a RangeError, fused or composed', async () => {
  const refuse = () => {
    const x = tf.zeros([2, 4]) as tf.Tensor2D;
    try {
      assert.throws(() => softmaxCrossEntropy(x, Int32Array.of(0, 4)), {
        name: 'RangeError',
        message: 'softmax cross-entropy: target column 4 out of range',
      });
      assert.throws(() => softmaxCrossEntropy(x, Int32Array.of(-1, 0)), RangeError);
    } finally {
      x.dispose();
    }
  };
  refuse();
  process.env.RECO_FUSED = '0';
  try {
    refuse();
  } finally {
    delete process.env.RECO_FUSED;
  }
  await onBackend('cpu', refuse);
});

test('no tensors are left behind, forward and backward', () => {
  const start = tf.memory().numTensors;
  lossAndGrad(softmaxCrossEntropy, z, targets, W);
  assert.equal(tf.memory().numTensors, start);
});
