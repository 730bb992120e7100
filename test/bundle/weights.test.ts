import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadWeights, saveWeights } from '../../src/bundle/weights.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir('reco-weights-');

test('weights round-trip: names, shapes, dtypes and values', async () => {
  await initTf('wasm');
  const w = {
    'dense/kernel': tf.tensor2d([1.5, -2, 3, 4.25, 0, -0.125], [2, 3]),
    'dense/bias': tf.tensor1d([0.5, -0.5, 1]),
    ids: tf.tensor1d([3, 1, 4], 'int32'),
  };
  const files = await saveWeights(dir, 'm', w);
  assert.deepEqual(files, ['m.weights.bin', 'm.weights.json']);
  assert.deepEqual(readdirSync(dir).sort(), ['m.weights.bin', 'm.weights.json']);
  const spec = JSON.parse(readFileSync(`${dir}/m.weights.json`, 'utf8'));
  assert.equal(spec.format, 'tfjs-weights');
  assert.deepEqual(spec.paths, ['m.weights.bin']);
  const back = await loadWeights(dir, 'm');
  try {
    assert.deepEqual(Object.keys(back).sort(), Object.keys(w).sort());
    for (const [k, t] of Object.entries(w)) {
      assert.deepEqual(back[k].shape, t.shape, k);
      assert.equal(back[k].dtype, t.dtype, k);
      assert.deepEqual([...back[k].dataSync()], [...t.dataSync()], k);
    }
  } finally {
    tf.dispose([...Object.values(w), ...Object.values(back)]);
  }
});

test('several models share a directory under their own names', async () => {
  await initTf('wasm');
  const a = { x: tf.scalar(1) };
  const b = { x: tf.scalar(2) };
  await saveWeights(dir, 'a', a);
  await saveWeights(dir, 'b', b);
  const [ra, rb] = [await loadWeights(dir, 'a'), await loadWeights(dir, 'b')];
  assert.equal(ra.x.dataSync()[0], 1);
  assert.equal(rb.x.dataSync()[0], 2);
  tf.dispose([a.x, b.x, ra.x, rb.x]);
});

test('missing files reject with the file system error', async () => {
  await assert.rejects(loadWeights(dir, 'nothing'), { code: 'ENOENT' });
});
