import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { allocateExamples, writeExample } from '../../../src/features/query.ts';
import { createFeatureSpec, queryDenseWidth } from '../../../src/features/spec.ts';
import { SoftmaxDnn } from '../../../src/models/retrieval/softmax-dnn.ts';
import { readTidy } from '../../../src/runtime/read.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { queryPsi } from '../../../src/serving/stages/query-forward.ts';

before(async () => {
  await initTf('wasm');
});

const item = (itemId: string) => ({ itemId, topic: 't', tags: [], durationSec: 60, publishedAt: 0 });
const users = [{ userId: 'u', age: 30, country: 'fr', device: 'tv' }];
const spec = createFeatureSpec(['a', 'b', 'c', 'd', 'e'].map(item), users, 4);
const ctx = { device: 'tv', country: 'fr', time: 5000 };

function model() {
  return new SoftmaxDnn({
    numItems: spec.items.ids.length,
    denseWidth: queryDenseWidth(spec),
    historyLength: 4,
    dim: 8,
    hidden: [16, 8],
    seed: 7,
    lastItemInput: true,
    timeDecayInput: true,
  });
}

function batch(rows: number) {
  const ex = allocateExamples(spec, rows, 0);
  for (let r = 0; r < rows; r++)
    writeExample(
      spec,
      ex,
      r,
      [1 + r, 3, 2],
      { age: 30, country: 'fr', device: 'tv' },
      ctx,
      0,
      [1000, 2000, 3000],
    );
  return ex;
}

test('queryPsi of one row equals the tf.js forward pass within 1e-5, and frees its tensors', () => {
  const m = model();
  const before = tf.memory().numTensors;
  const ex = batch(1);
  const expected = readTidy(() => m.query(ex));
  const got = queryPsi(m, ex);
  assert.equal(got.length, 8);
  for (const [j, v] of got.entries())
    assert.ok(Math.abs(v - expected[j]) <= 1e-5, `ψ[${j}] ${v} vs ${expected[j]}`);
  assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  m.dispose();
});

test('queryPsi takes tf.js for batches of several rows, for a tower without a split, and when off', () => {
  const m = model();
  const ex = batch(3);
  assert.deepEqual([...queryPsi(m, ex)], [...readTidy(() => m.query(ex))]);
  const stand = { query: () => tf.tensor2d([1, 2], [1, 2]) };
  assert.deepEqual([...queryPsi(stand, batch(1))], [1, 2]);
  process.env.RECO_PLAIN_QUERY = '0';
  try {
    assert.deepEqual([...queryPsi(m, batch(1))], [...readTidy(() => m.query(batch(1)))]);
  } finally {
    delete process.env.RECO_PLAIN_QUERY;
  }
  m.dispose();
});
