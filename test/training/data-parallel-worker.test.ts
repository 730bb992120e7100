import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { sharedStep, TURN } from '../../src/training/data-parallel-shared.ts';

const config = { numItems: 5, denseWidth: 1, historyLength: 2, dim: 2, hidden: [3], seed: 1 };

/** Runs src/training/data-parallel-worker.ts on a thread as data-parallel.ts starts it. */
function start(data: object): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const file = new URL('../../src/training/data-parallel-worker.ts', import.meta.url).href;
  const entry = `import { tsImport } from ${JSON.stringify(api)}; await tsImport(${JSON.stringify(file)}, ${JSON.stringify(import.meta.url)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), { workerData: data });
}

test('the worker says it is ready, answers a step with DONE and its gradients, and ends on STOP', async () => {
  // Parameters of the config: two 5x2 tables, tower 2*2+1 -> 3 -> 2.
  const params = 10 + 10 + 5 * 3 + 3 + 3 * 2 + 2;
  const shared = sharedStep(config, params, 2);
  const worker = start({ ...shared, backend: 'wasm' });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
  });
  for (let i = 0; i < params; i++) shared.weights[i] = Math.sin(i + 1) / 2;
  shared.batch.historyIds.set([1, 2, 3, 4]);
  shared.batch.meanWeights.fill(0.5);
  shared.batch.labels.set([3, 4]);
  Atomics.store(shared.control, 1, 2);
  Atomics.store(shared.control, 0, TURN.GO);
  Atomics.notify(shared.control, 0);
  // The main thread blocks in Atomics.wait; a test polls, so the worker's messages still flow.
  while (Atomics.load(shared.control, 0) === TURN.GO) await new Promise((r) => setTimeout(r, 5));
  assert.equal(Atomics.load(shared.control, 0), TURN.DONE, 'turn');
  assert.ok(Number.isFinite(shared.loss[0]) && shared.loss[0] > 0, `loss ${shared.loss[0]}`);
  assert.ok(
    shared.grads.some((g) => g !== 0),
    'grads',
  );
  const exit = new Promise<number>((r) => worker.once('exit', r));
  Atomics.store(shared.control, 0, TURN.STOP);
  Atomics.notify(shared.control, 0);
  assert.equal(await exit, 0);
});

test('shared buffers are sized for the weights and a half batch', () => {
  const s = sharedStep(config, 7, 3);
  assert.equal(s.weights.length, 7);
  assert.ok(s.weights.buffer instanceof SharedArrayBuffer);
  assert.equal(s.batch.historyIds.length, 6);
  assert.equal(s.batch.dense.length, 3);
  assert.equal(s.batch.labels.length, 3);
});
