import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { weightedLogisticLoss } from '../../../src/models/ranking/weighted-logistic.ts';
import { fullSoftmaxLoss, inBatchSoftmaxLoss } from '../../../src/models/retrieval/sampled-softmax.ts';
import { initTf } from '../../../src/runtime/tf.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-5, `${a} vs ${b}`);

/** Two queries and their positives: in-batch scores [[2, 1], [0, 1]]. */
async function queriesAndPositives() {
  await initTf('wasm');
  return { q: tf.tensor2d([1, 0, 0, 1], [2, 2]), c: tf.tensor2d([2, 0, 1, 1], [2, 2]) };
}

test('in-batch softmax: by hand, with logQ correction and accidental-hit masking', async () => {
  const { q, c } = await queriesAndPositives();
  // scores: [[2, 1], [0, 1]]; row 0: -log(e^2/(e^2+e^1)); row 1: -log(e^1/(e^0+e^1))
  const plain = inBatchSoftmaxLoss(q, c, Int32Array.from([5, 6])).dataSync()[0];
  const row0 = -Math.log(Math.exp(2) / (Math.exp(2) + Math.exp(1)));
  const row1 = -Math.log(Math.exp(1) / (Math.exp(0) + Math.exp(1)));
  close(plain, (row0 + row1) / 2);
  // logQ = [ln 0.5, ln 0.25]: logits - logQ -> [[2.693, 2.386], [0.693, 2.386]]
  const lq = Float32Array.from([Math.log(0.5), Math.log(0.25)]);
  const corrected = inBatchSoftmaxLoss(q, c, Int32Array.from([5, 6]), lq).dataSync()[0];
  const l = [
    [2 - lq[0], 1 - lq[1]],
    [0 - lq[0], 1 - lq[1]],
  ];
  const ce = (r: number[], i: number) => -Math.log(Math.exp(r[i]) / (Math.exp(r[0]) + Math.exp(r[1])));
  close(corrected, (ce(l[0], 0) + ce(l[1], 1)) / 2);
  // same item twice: each row's only negative is itself -> masked -> loss 0
  close(inBatchSoftmaxLoss(q, c, Int32Array.from([5, 5])).dataSync()[0], 0);
  tf.dispose([q, c]);
});

test('in-batch softmax with shared (uniform) and per-query (hard) negatives, by hand', async () => {
  const { q, c } = await queriesAndPositives();
  // one shared negative e = [0, 3] with logQ ln 2 (item 9); hard negatives: row 0 -> item 7
  // [1, 0], row 1 -> item 6 (its own positive: masked) [5, 5]
  const shared = {
    ids: Int32Array.from([9]),
    embeddings: tf.tensor2d([[0, 3]]),
    logQ: Float32Array.from([Math.log(2)]),
  };
  const hard = {
    ids: Int32Array.from([7, 6]),
    embeddings: tf.tensor2d([
      [1, 0],
      [5, 5],
    ]),
  };
  const loss = inBatchSoftmaxLoss(q, c, Int32Array.from([5, 6]), undefined, { shared, hard }).dataSync()[0];
  const row0 = [2, 1, 0 - Math.log(2), 1]; // positive 2; in-batch 1; shared 0 − ln 2; hard q0·[1,0] = 1
  const row1 = [0, 1, 3 - Math.log(2)]; // hard negative masked (accidental hit)
  const ce = (r: number[], i: number) => -Math.log(Math.exp(r[i]) / r.reduce((a, x) => a + Math.exp(x), 0));
  close(loss, (ce(row0, 0) + ce(row1, 1)) / 2);
  tf.dispose([q, c, shared.embeddings, hard.embeddings]);
});

test('full softmax never predicts the OOV row', async () => {
  await initTf('wasm');
  const q = tf.tensor2d([[1, 0]]);
  const items = tf.tensor2d([
    [50, 0],
    [1, 0],
    [0, 0],
  ]); // row 0 is OOV and would dominate
  // over rows 1 and 2 only: -log(e^1/(e^1+e^0))
  close(fullSoftmaxLoss(q, items, Int32Array.from([1])).dataSync()[0], -Math.log(Math.E / (Math.E + 1)));
  tf.dispose([q, items]);
});

test('weighted logistic loss: Σ w·CE / Σ w', async () => {
  await initTf('wasm');
  const logits = tf.tensor1d([0, 2]);
  // CE(1, 0) = ln 2 with weight 3; CE(0, 2) = ln(1 + e^2) with weight 1
  const got = weightedLogisticLoss(
    logits,
    Float32Array.from([1, 0]),
    Float32Array.from([3, 1]),
  ).dataSync()[0];
  close(got, (3 * Math.log(2) + Math.log(1 + Math.exp(2))) / 4);
  logits.dispose();
});

test('fused softmax cross-entropy: value and gradient match TF.js, no tensors leaked', async () => {
  await initTf('wasm');
  const { softmaxCrossEntropy } = await import('../../../src/runtime/ops/softmax-cross-entropy.ts');
  const values = Array.from({ length: 4 * 6 }, (_, i) => Math.sin(i * 1.7) * 3);
  values[7] = -1e9; // a masked column
  const targets = Int32Array.from([0, 2, 5, 3]);
  const before = tf.memory().numTensors;
  const x = tf.tensor2d(values, [4, 6]);
  const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(targets, 'int32'), 6));
  const fusedLoss = softmaxCrossEntropy(x, targets);
  const fusedG = tf.grad((t: tf.Tensor) => softmaxCrossEntropy(t as tf.Tensor2D, targets))(x);
  const refLoss = tf.losses.softmaxCrossEntropy(oneHot, x);
  const refG = tf.grad((t: tf.Tensor) => tf.losses.softmaxCrossEntropy(oneHot, t))(x);
  const fused = fusedLoss.dataSync()[0];
  const ref = refLoss.dataSync()[0];
  const fusedGrad = [...fusedG.dataSync()];
  const refGrad = [...refG.dataSync()];
  tf.dispose([x, oneHot, fusedLoss, fusedG, refLoss, refG]);
  close(fused, ref);
  for (const [i, g] of fusedGrad.entries()) close(g, refGrad[i]);
  assert.equal(tf.memory().numTensors, before);
});

test('in-batch softmax with groups: the positives of a query’s own group are no negatives of it', async () => {
  const { q, c } = await queriesAndPositives();
  const plain = inBatchSoftmaxLoss(q, c, Int32Array.from([5, 6])).dataSync()[0];
  const apart = inBatchSoftmaxLoss(
    q,
    c,
    Int32Array.from([5, 6]),
    undefined,
    undefined,
    Int32Array.from([0, 1]),
  );
  close(apart.dataSync()[0], plain);
  // One group: each row's only other column is masked -> loss 0 (also where the ids repeat).
  const same = Int32Array.from([3, 3]);
  close(inBatchSoftmaxLoss(q, c, Int32Array.from([5, 6]), undefined, undefined, same).dataSync()[0], 0);
  close(inBatchSoftmaxLoss(q, c, Int32Array.from([5, 5]), undefined, undefined, same).dataSync()[0], 0);
  // Shared negatives stay negatives of every row.
  const shared = {
    ids: Int32Array.from([9]),
    embeddings: tf.tensor2d([[0, 3]]),
    logQ: Float32Array.from([0]),
  };
  const withShared = inBatchSoftmaxLoss(
    q,
    c,
    Int32Array.from([5, 6]),
    undefined,
    { shared },
    same,
  ).dataSync()[0];
  const ce = (pos: number, neg: number) => -Math.log(Math.exp(pos) / (Math.exp(pos) + Math.exp(neg)));
  close(withShared, (ce(2, 0) + ce(1, 3)) / 2);
  assert.throws(
    () => inBatchSoftmaxLoss(q, c, Int32Array.from([5, 6]), undefined, undefined, Int32Array.from([1])),
    RangeError,
  );
  tf.dispose([q, c, apart, shared.embeddings]);
});
