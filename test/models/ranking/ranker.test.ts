import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { BundleError } from '../../../src/errors.ts';
import { Ranker } from '../../../src/models/ranking/ranker.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { assertAllClose } from '../../helpers/close.ts';
import { randomVectors } from '../../helpers/random.ts';

before(async () => {
  await initTf('wasm');
});

const CONFIG = { inputWidth: 4, hidden: [3, 2], seed: 5 };

/** exp of the stack, layer by layer in plain JS from the variables' values. */
function expected(r: Ranker, features: Float32Array, rows: number): number[] {
  const out: number[] = [];
  for (let row = 0; row < rows; row++) {
    let h = Array.from(features.subarray(row * CONFIG.inputWidth, (row + 1) * CONFIG.inputWidth));
    r.layers.forEach((l, li) => {
      const [inDim, outDim] = l.w.shape;
      const w = l.w.dataSync();
      const b = l.b.dataSync();
      const y = Array.from({ length: outDim }, (_, j) => {
        let s = b[j];
        for (let i = 0; i < inDim; i++) s += h[i] * w[i * outDim + j];
        return s;
      });
      h = li < r.layers.length - 1 ? y.map((v) => Math.max(v, 0)) : y;
    });
    out.push(Math.exp(h[0]));
  }
  return out;
}

test('the stack is inputWidth -> hidden... -> 1, with stable weight names', () => {
  const r = new Ranker(CONFIG);
  assert.deepEqual(
    r.layers.map((l) => l.w.shape),
    [
      [4, 3],
      [3, 2],
      [2, 1],
    ],
  );
  assert.equal(r.variables().length, 6);
  assert.deepEqual(Object.keys(r.getWeights()), [
    'ranker/0/w',
    'ranker/0/b',
    'ranker/1/w',
    'ranker/1/b',
    'ranker/2/w',
    'ranker/2/b',
  ]);
  r.dispose();
});

test('score is exp(logit) of the ReLU stack, one value per row', () => {
  const r = new Ranker(CONFIG);
  // Non-zero biases so that they are part of what is checked.
  for (const l of r.layers) l.b.assign(tf.tidy(() => tf.fill(l.b.shape, 0.1)));
  const rows = 5;
  const features = randomVectors(rows, CONFIG.inputWidth, 9).map((x) => x * 4);
  const scores = r.score(features, rows);
  assert.ok(scores instanceof Float32Array);
  assert.equal(scores.length, rows);
  assertAllClose(scores, expected(r, features, rows), 1e-5);
  for (const s of scores) assert.ok(s > 0, 'an expected watch time is positive');
  const logits = tf.tidy(() => r.logits(tf.tensor2d(features, [rows, CONFIG.inputWidth])).dataSync());
  assertAllClose(scores, Array.from(logits, Math.exp), 1e-5);
  r.dispose();
});

test('weights given to the constructor, or set later, reproduce the source scores', () => {
  const source = new Ranker(CONFIG);
  const features = randomVectors(3, CONFIG.inputWidth, 4);
  const want = source.score(features, 3);
  const other = new Ranker({ ...CONFIG, seed: 77 });
  assert.notDeepEqual(other.score(features, 3), want, 'another seed scores otherwise');
  other.setWeights(source.getWeights());
  assert.deepEqual(other.score(features, 3), want);
  const loaded = new Ranker({ ...CONFIG, seed: 78 }, source.getWeights());
  assert.deepEqual(loaded.score(features, 3), want);
  tf.dispose([source, other, loaded].flatMap((r) => r.variables()));
});

test('the same seed gives the same ranker', () => {
  const a = new Ranker(CONFIG);
  const b = new Ranker(CONFIG);
  const features = randomVectors(2, CONFIG.inputWidth, 1);
  assert.deepEqual(a.score(features, 2), b.score(features, 2));
  a.dispose();
  b.dispose();
});

test('weights of another architecture are a BundleError (BUNDLE_INVALID)', () => {
  const small = new Ranker({ ...CONFIG, hidden: [3] });
  const r = new Ranker(CONFIG);
  assert.throws(
    () => r.setWeights(small.getWeights()),
    (e: unknown) =>
      e instanceof BundleError && e.code === 'BUNDLE_INVALID' && /ranker weights/.test(e.message),
  );
  const wide = new Ranker({ ...CONFIG, inputWidth: 5 });
  assert.throws(
    () => new Ranker(CONFIG, wide.getWeights()),
    (e: unknown) =>
      e instanceof BundleError && /"ranker\/0\/w" expected shape \[4,3\], got \[5,3\]/.test(e.message),
  );
  small.dispose();
  r.dispose();
  wide.dispose();
});

test('score leaves no tensor behind and dispose frees the variables', () => {
  const start = tf.memory().numTensors;
  const r = new Ranker(CONFIG);
  const withRanker = tf.memory().numTensors;
  assert.equal(withRanker - start, 6);
  r.score(new Float32Array(8), 2);
  assert.equal(tf.memory().numTensors, withRanker);
  r.dispose();
  assert.equal(tf.memory().numTensors, start);
});
