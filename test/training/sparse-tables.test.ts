import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { inBatchSoftmaxLoss } from '../../src/models/retrieval/sampled-softmax.ts';
import { SoftmaxDnn } from '../../src/models/retrieval/softmax-dnn.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { FusedAdam } from '../../src/training/adam.ts';
import { DEFAULT_RETRIEVAL_CONFIG } from '../../src/training/retrieval-config.ts';
import { SPARSE_FROM_ROWS, sparseApplies, sparseTables } from '../../src/training/sparse-tables.ts';
import { assertAllClose } from '../helpers/close.ts';

before(async () => {
  await initTf('wasm');
});

const N = 4;
const config = { ...DEFAULT_RETRIEVAL_CONFIG, batchSize: 3, sparseEmbeddings: 'on' as const };
const batch = {
  size: 3,
  historyIds: Int32Array.of(0, 1, 2, 3, 0, 0, 5, 6, 2, 2, 2, 9),
  meanWeights: new Float32Array(12).fill(0.25),
  recentWeights: new Float32Array(12).fill(0.25),
  timeWeights: new Float32Array(12).fill(0.5),
  dense: Float32Array.of(1, 0, 0, 1, 1, 1),
  labels: Int32Array.of(7, 11, 3),
};
const model = () =>
  new SoftmaxDnn({
    numItems: 12,
    denseWidth: 2,
    historyLength: N,
    dim: 4,
    hidden: [8],
    seed: 3,
    lastItemInput: true,
    timeDecayInput: true,
  });
const loss = (m: SoftmaxDnn) => inBatchSoftmaxLoss(m.query(batch), m.candidates(batch.labels), batch.labels);

test('steps through slabs train the whole model as dense steps do, with the tables untouched where unread', () => {
  const dense = model();
  const sparse = model();
  const denseOpt = new FusedAdam(0.01);
  const sparseOpt = new FusedAdam(0.01);
  const tables = sparseTables(sparse, config, sparseOpt)!;
  assert.ok(tables);
  const before = sparse.itemEmbedding.dataSync().slice();
  // One step: from zero moments, dense Adam leaves an unread row where it was too.
  const d = tf.tidy(() => denseOpt.minimize(() => loss(dense), true, dense.variables())!.dataSync()[0]);
  const s = tf.tidy(
    () =>
      sparseOpt
        .minimize(() => tables.within(batch, () => loss(sparse)), true, tables.variables)!
        .dataSync()[0],
  );
  assert.ok(Math.abs(d - s) < 1e-5);
  for (const [i, v] of dense.variables().entries())
    assertAllClose(sparse.variables()[i].dataSync(), v.dataSync(), 1e-5);
  const after = sparse.itemEmbedding.dataSync();
  for (const r of [0, 1, 2, 4])
    assert.deepEqual([...after.slice(r * 4, r * 4 + 4)], [...before.slice(r * 4, r * 4 + 4)]);
  // Outside a step the model reads its tables again (evaluation, serving).
  assert.equal(
    tf.tidy(() => sparse.query({ ...batch, historyIds: batch.historyIds.map(() => 10) }).shape[0]),
    3,
  );
  tables.dispose();
  dense.dispose();
  sparse.dispose();
  denseOpt.dispose();
  sparseOpt.dispose();
});

test('sparse training applies to large tables under the in-batch loss without extra negatives', () => {
  const base = { ...DEFAULT_RETRIEVAL_CONFIG };
  assert.equal(sparseApplies(base, SPARSE_FROM_ROWS - 1), false);
  assert.equal(sparseApplies(base, SPARSE_FROM_ROWS), true);
  assert.equal(sparseApplies({ ...base, sparseEmbeddings: 'on' }, 10), true);
  assert.equal(sparseApplies({ ...base, sparseEmbeddings: 'off' }, 1e6), false);
  assert.equal(sparseApplies({ ...base, loss: 'full' }, 1e6), false);
  assert.equal(sparseApplies({ ...base, hardNegatives: 2 }, 1e6), false);
  assert.equal(sparseApplies({ ...base, uniformNegatives: 8 }, 1e6), false);
  assert.equal(sparseApplies({ ...base, sequenceTraining: true }, 1e6), false);
  const m = model();
  assert.equal(sparseTables(m, config, tf.train.adam(0.01)), undefined, 'stock Adam: dense');
  m.dispose();
});
