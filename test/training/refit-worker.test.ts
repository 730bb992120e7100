import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { initTf } from '../../src/runtime/tf.ts';
import { createProgress } from '../../src/training/progress.ts';
import { type RefitInputs, type RefitSnapshot, sequentialRefit } from '../../src/training/refit.ts';
import { createModel } from '../../src/training/retrieval-model.ts';
import { TINY_RETRIEVAL, trainingWorld } from '../helpers/training-world.ts';

let inputs: RefitInputs;
let snapshots: RefitSnapshot[];
let exitCode: number;

/** Runs src/training/refit-worker.ts on a thread as refit.ts starts it (tsx registered in the thread). */
function runWorker(
  data: RefitInputs & { backend: string },
): Promise<{ messages: RefitSnapshot[]; code: number }> {
  const api = import.meta.resolve('tsx/esm/api');
  const file = new URL('../../src/training/refit-worker.ts', import.meta.url).href;
  const entry = `import { tsImport } from ${JSON.stringify(api)}; await tsImport(${JSON.stringify(file)}, ${JSON.stringify(import.meta.url)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), {
    workerData: data,
  });
  const messages: RefitSnapshot[] = [];
  worker.on('message', (m: RefitSnapshot) => messages.push(m));
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => resolve({ messages, code }));
  });
}

before(async () => {
  await initTf('wasm');
  const w = trainingWorld();
  inputs = {
    spec: w.spec,
    timelines: w.timelines,
    users: w.users,
    itemWatches: w.counts,
    config: { ...TINY_RETRIEVAL, batchSize: 64 },
    catalogue: w.items,
    itemFeatureTime: 1e12,
    maxEpochs: 2,
  };
  const run = await runWorker({ ...inputs, backend: 'wasm' });
  snapshots = run.messages;
  exitCode = run.code;
});

test('the thread posts one snapshot per epoch up to maxEpochs, then ends by itself', () => {
  assert.deepEqual(
    snapshots.map((s) => s.epoch),
    [1, 2],
  );
  assert.equal(exitCode, 0);
  for (const s of snapshots) {
    assert.ok(Number.isFinite(s.loss) && s.loss > 0);
    assert.ok(Number.isInteger(s.ms) && s.ms >= 0);
  }
});

test('a snapshot holds every weight of the network, by name, shape and values', () => {
  const model = createModel(inputs.spec, inputs.config, inputs.catalogue, inputs.itemFeatureTime);
  const expected = model.getWeights();
  for (const s of snapshots) {
    assert.deepEqual(s.weights.map((x) => x.name).sort(), Object.keys(expected).sort());
    for (const x of s.weights) {
      assert.deepEqual(x.shape, expected[x.name].shape, x.name);
      assert.equal(x.data.length, expected[x.name].size, x.name);
      assert.ok(x.data.every(Number.isFinite), x.name);
    }
  }
  const moved = snapshots[0].weights.some((x, i) =>
    x.data.some((v, k) => v !== snapshots[1].weights[i].data[k]),
  );
  assert.ok(moved, 'epoch 2 trained on from epoch 1');
  model.dispose();
});

test('the thread trains as the refit here does: the same loss epoch for epoch', async () => {
  const here = await sequentialRefit(inputs).take(2, createProgress(false));
  here.curve.forEach((c, i) => {
    assert.ok(
      Math.abs(c.loss - snapshots[i].loss) < 1e-4,
      `epoch ${i + 1}: ${c.loss} vs ${snapshots[i].loss}`,
    );
  });
  here.model.dispose();
});
