import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SoftmaxDnn } from '../../../src/models/retrieval/softmax-dnn.ts';
import { tf } from '../../../src/runtime/tf.ts';

const config = { numItems: 5, denseWidth: 2, historyLength: 2, dim: 4, hidden: [8], seed: 1 };
const batch = (search?: { ids: number[]; w: number[] }) => ({
  size: 1,
  historyIds: Int32Array.from([1, 2]),
  meanWeights: Float32Array.from([0.5, 0.5]),
  recentWeights: Float32Array.from([0.3, 0.7]),
  dense: Float32Array.from([1, 0]),
  ...(search ? { searchIds: Int32Array.from(search.ids), searchWeights: Float32Array.from(search.w) } : {}),
});

test('the search bag is an input: searches move ψ(x); no search slots read as never searched', () => {
  const m = new SoftmaxDnn({ ...config, searchBuckets: 8, searchLength: 2 });
  const psi = (b: ReturnType<typeof batch>) => tf.tidy(() => m.query(b).arraySync()[0]);
  const none = psi(batch({ ids: [0, 0], w: [0, 0] }));
  assert.deepEqual(psi(batch()), none);
  assert.notDeepEqual(psi(batch({ ids: [3, 5], w: [0.5, 0.5] })), none);
  assert.ok(m.variables().includes(m.searchEmbedding!));
  assert.deepEqual(m.searchEmbedding!.shape, [9, 4]);
  m.dispose();
});

test('weights round-trip with the search table; a config without one (an older bundle) has none', () => {
  const before = tf.memory().numTensors;
  const a = new SoftmaxDnn({ ...config, searchBuckets: 8, searchLength: 2 });
  const b = new SoftmaxDnn({ ...config, searchBuckets: 8, searchLength: 2, seed: 9 }, a.getWeights());
  const q = batch({ ids: [3, 5], w: [0.5, 0.5] });
  const [x, y] = tf.tidy(() => [a.query(q).arraySync(), b.query(q).arraySync()]);
  assert.deepEqual(x, y);
  const old = new SoftmaxDnn(config);
  assert.equal(old.searchEmbedding, undefined);
  assert.equal(
    tf.tidy(() => old.query(batch({ ids: [3, 5], w: [0.5, 0.5] })).shape[1]),
    4,
  );
  for (const m of [a, b, old]) m.dispose();
  assert.equal(tf.memory().numTensors, before);
});
