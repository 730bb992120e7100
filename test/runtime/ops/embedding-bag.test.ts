import assert from 'node:assert/strict';
import { afterEach, before, test } from 'node:test';
import { composedBags, embeddingBags } from '../../../src/runtime/ops/embedding-bag.ts';
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

// A 4-row table of dimension 2; 2 rows of 3 slots each.
const TABLE = Float32Array.of(1, 2, 10, 20, 100, 200, -1, -2);
const IDS = Int32Array.of(0, 1, 1, 3, 2, 0);
const MEAN = new Float32Array(6).fill(1 / 3);
const LAST = Float32Array.of(0, 0, 1, 0, 0, 1);

/** Bags and d(Σ bags ⊙ probe)/d table of `f`. */
function bagsAndGrad(f: typeof embeddingBags, weights: Float32Array[], probe?: Float32Array) {
  return tf.tidy(() => {
    const table = tf.tensor2d(TABLE, [4, 2]);
    let out: { shape: number[]; values: number[] } = { shape: [], values: [] };
    const grad = tf.grad((t: tf.Tensor) => {
      const bags = f(t as tf.Tensor2D, IDS, weights, 2, 3);
      out = { shape: bags.shape, values: [...bags.dataSync()] };
      return tf.sum(tf.mul(bags, probe ? tf.tensor2d(probe, bags.shape) : tf.onesLike(bags)));
    })(table);
    return { ...out, grad: [...grad.dataSync()] };
  });
}

test('one bag per weight set, side by side: the weighted sums of the rows read', () => {
  const { shape, values } = bagsAndGrad(embeddingBags, [MEAN, LAST]);
  assert.deepEqual(shape, [2, 4]);
  // Row 0 reads table rows 0, 1, 1: mean [7, 14], last [10, 20]. Row 1 reads 3, 2, 0: mean
  // [100/3, 200/3], last [1, 2].
  assertAllClose(values, [7, 14, 10, 20, 100 / 3, 200 / 3, 1, 2], 1e-5);
});

test('the table gradient scatters each bag weight back to the row it read', () => {
  const { grad } = bagsAndGrad(embeddingBags, [MEAN, LAST]);
  // Row 0: mean weight 1/3 on table rows 0, 1, 1, last weight 1 on row 1; row 1: 1/3 on 3, 2, 0
  // and 1 on 0. Table row 0 gets 1/3 + 1/3 + 1, row 1 gets 2/3 + 1, rows 2 and 3 1/3 each.
  const per = [5 / 3, 5 / 3, 1 / 3, 1 / 3];
  assertAllClose(
    grad,
    per.flatMap((g) => [g, g]),
    1e-6,
  );
});

test('zero weights read nothing; a single bag is [rows, d]', () => {
  const { shape, values } = bagsAndGrad(embeddingBags, [new Float32Array(6)]);
  assert.deepEqual(shape, [2, 2]);
  assert.deepEqual(values, [0, 0, 0, 0]);
});

test('the fused op, RECO_FUSED=0 on wasm, and the composed ops on cpu agree', async () => {
  const weights = [MEAN, LAST, randomVectors(2, 3, 5)];
  const probe = randomVectors(2, 6, 8);
  const fused = bagsAndGrad(embeddingBags, weights, probe);
  process.env.RECO_FUSED = '0';
  const unfused = bagsAndGrad(embeddingBags, weights, probe);
  delete process.env.RECO_FUSED;
  const cpu = await onBackend('cpu', () => bagsAndGrad(embeddingBags, weights, probe));
  const composed = bagsAndGrad(composedBags, weights, probe);
  for (const [name, other] of Object.entries({ unfused, cpu, composed })) {
    assert.deepEqual(other.shape, fused.shape, name);
    assertAllClose(other.values, fused.values, 1e-5, `${name} bags`);
    assertAllClose(other.grad, fused.grad, 1e-5, `${name} gradient`);
  }
});

test('ids or weights of the wrong length are a RangeError', () => {
  const table = tf.tensor2d(TABLE, [4, 2]);
  assert.throws(() => embeddingBags(table, Int32Array.of(0, 1), [MEAN], 2, 3), {
    name: 'RangeError',
    message: 'embedding bag: 2 ids for 2x3',
  });
  assert.throws(() => embeddingBags(table, IDS, [MEAN, Float32Array.of(1)], 2, 3), {
    name: 'RangeError',
    message: 'embedding bag: 1 weights for 2x3',
  });
  table.dispose();
});

test('an id outside the table or no weight set is a RangeError, fused or composed', async () => {
  const outside = Int32Array.of(0, 1, 4, 0, 0, 0);
  const refuse = () => {
    const table = tf.tensor2d(TABLE, [4, 2]);
    try {
      assert.throws(() => embeddingBags(table, outside, [MEAN], 2, 3), {
        name: 'RangeError',
        message: "embedding bag: id 4 out of the table's range",
      });
      assert.throws(() => embeddingBags(table, IDS, [], 2, 3), { message: 'embedding bag: no weight sets' });
    } finally {
      table.dispose();
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
  bagsAndGrad(embeddingBags, [MEAN, LAST]);
  assert.equal(tf.memory().numTensors, start);
});
