import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../src/data/demo/rng.ts';
import { causalBags } from '../../../src/models/retrieval/causal-bags.ts';
import { composedBags } from '../../../src/runtime/ops/embedding-bag.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { assertAllClose } from '../../helpers/close.ts';

/** Two windows of width 3 over history 2 (span 4), two bags with arbitrary band weights. */
function fixture() {
  const rand = createRng(11).next;
  const [windows, width, n] = [2, 3, 2];
  const span = n + width - 1;
  const ids = Int32Array.from({ length: windows * span }, () => Math.floor(rand() * 6));
  const bands = [0, 1].map(() => {
    const band = new Float32Array(windows * width * span);
    for (let w = 0; w < windows; w++)
      for (let c = 0; c < width; c++)
        for (let k = 0; k < n; k++) band[(w * width + c) * span + c + k] = rand();
    return band;
  });
  return { windows, width, n, span, ids, bands };
}

/** The same bags the per-cut way: each position's n slots as a row of its own. */
function perCut(table: tf.Tensor2D, f: ReturnType<typeof fixture>): tf.Tensor2D {
  const rows = f.windows * f.width;
  const ids = new Int32Array(rows * f.n);
  const weights = f.bands.map(() => new Float32Array(rows * f.n));
  for (let w = 0; w < f.windows; w++)
    for (let c = 0; c < f.width; c++)
      for (let k = 0; k < f.n; k++) {
        const r = w * f.width + c;
        ids[r * f.n + k] = f.ids[w * f.span + c + k];
        for (const [b, band] of f.bands.entries()) weights[b][r * f.n + k] = band[r * f.span + c + k];
      }
  return composedBags(table, ids, weights, rows, f.n);
}

test('causal bags: one product per window gives every position the bags of its own rows, value and gradient', async () => {
  await initTf('cpu');
  const f = fixture();
  const table = tf.randomNormal([6, 4], 0, 1, 'float32', 3) as tf.Tensor2D;
  const before = tf.memory().numTensors;
  const got = tf.tidy(() => causalBags(table, f.ids, f.bands, f.windows, f.width, f.span));
  const want = tf.tidy(() => perCut(table, f));
  assert.deepEqual(got.shape, [f.windows * f.width, 2 * 4]);
  assertAllClose(got.dataSync(), want.dataSync(), 1e-5, 'values');
  const dy = tf.randomNormal(got.shape, 0, 1, 'float32', 4);
  const g1 = tf.grad((t: tf.Tensor) =>
    tf.sum(tf.mul(causalBags(t as tf.Tensor2D, f.ids, f.bands, f.windows, f.width, f.span), dy)),
  )(table);
  const g2 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(perCut(t as tf.Tensor2D, f), dy)))(table);
  assertAllClose(g1.dataSync(), g2.dataSync(), 1e-5, 'gradient');
  // One bag: no interleaving.
  const one = tf.tidy(() => causalBags(table, f.ids, [f.bands[1]], f.windows, f.width, f.span));
  const second = tf.tidy(() => tf.slice(want, [0, 4], [-1, 4]));
  assertAllClose(one.dataSync(), second.dataSync(), 1e-5, 'one bag');
  tf.dispose([got, want, dy, g1, g2, one, second]);
  assert.equal(tf.memory().numTensors, before, 'nothing leaks');
  table.dispose();
});

test('causal bags: mismatched sizes are refused', async () => {
  await initTf('cpu');
  const f = fixture();
  const table = tf.zeros([6, 4]) as tf.Tensor2D;
  assert.throws(() => causalBags(table, f.ids.subarray(1), f.bands, f.windows, f.width, f.span), RangeError);
  assert.throws(
    () => causalBags(table, f.ids, [f.bands[0].subarray(1)], f.windows, f.width, f.span),
    RangeError,
  );
  table.dispose();
});
