import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import {
  pairViews,
  progress,
  STOPPED,
  sharedStep,
  signal,
  TURN,
} from '../../src/training/data-parallel-shared.ts';

const config = { numItems: 5, denseWidth: 1, historyLength: 2, dim: 2, hidden: [3], seed: 1 };
const adam = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/** Runs src/training/data-parallel-worker.ts on a thread as data-parallel.ts starts it. */
function start(data: object): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const file = new URL('../../src/training/data-parallel-worker.ts', import.meta.url).href;
  const entry = `import { tsImport } from ${JSON.stringify(api)}; await tsImport(${JSON.stringify(file)}, ${JSON.stringify(import.meta.url)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), { workerData: data });
}

/** The main thread blocks in Atomics.wait; a test polls, so the worker's messages still flow. */
async function waitWhile(control: Int32Array, turn: number): Promise<number> {
  while (Atomics.load(control, 0) === turn) await new Promise((r) => setTimeout(r, 5));
  return Atomics.load(control, 0);
}

test('the worker: ready, GRADS with its gradients, DONE with Adam on its part, loads, ends on STOP', async () => {
  // Parameters of the config: two 5x2 tables, tower 2*2+1 -> 3 -> 2.
  const params = 10 + 10 + 5 * 3 + 3 + 3 * 2 + 2;
  const split = 17;
  const shared = sharedStep(config, params, 2, adam, split);
  for (let i = 0; i < params; i++) shared.weights[i] = Math.sin(i + 1) / 2;
  const before = shared.weights.slice();
  const worker = start({ ...shared, backend: 'wasm' });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
  });
  shared.batch.historyIds.set([1, 2, 3, 4]);
  shared.batch.meanWeights.fill(0.5);
  shared.batch.labels.set([3, 4]);
  Atomics.store(shared.control, 1, 2);
  Atomics.store(shared.control, 3, 2);
  Atomics.store(shared.control, 0, TURN.GO);
  Atomics.notify(shared.control, 0);
  assert.equal(await waitWhile(shared.control, TURN.GO), TURN.GRADS, 'turn');
  assert.ok(Number.isFinite(shared.loss[0]) && shared.loss[0] > 0, `loss ${shared.loss[0]}`);
  assert.ok(
    pairViews(shared, 'main').theirs.some((g) => g !== 0),
    'its gradients for this thread’s part',
  );
  // This thread's gradients over the worker's part: zero, so the worker's own halved ones drive it.
  pairViews(shared, 'worker').theirs.fill(0);
  signal(shared.control, progress(0, 'grads'));
  assert.equal(await waitWhile(shared.control, TURN.GRADS), TURN.DONE, 'turn');
  assert.deepEqual(
    shared.weights.subarray(0, split),
    before.subarray(0, split),
    'this thread’s part untouched',
  );
  // Adam's first step moves every parameter with a gradient by about the learning rate.
  const moved = [...shared.weights.subarray(split)].map((w, i) => Math.abs(w - before[split + i]));
  assert.ok(
    moved.every((m) => m < adam.learningRate * 1.001),
    `moves ${moved}`,
  );
  assert.ok(moved.some((m) => m > adam.learningRate * 0.99));
  signal(shared.control, progress(0, 'applied'));
  const exit = new Promise<number>((r) => worker.once('exit', r));
  Atomics.store(shared.control, 0, TURN.STOP);
  signal(shared.control, STOPPED);
  assert.equal(await exit, 0);
});

test('shared buffers are sized for the weights and a half batch; the split is half by default', () => {
  const s = sharedStep(config, 7, 3, adam);
  assert.equal(s.weights.length, 7);
  // Two gradients for each part, padded to whole rows of the pair.
  const main = pairViews(s, 'main');
  const worker = pairViews(s, 'worker');
  assert.deepEqual([main.from, main.to, worker.from, worker.to], [0, 3, 3, 7]);
  assert.equal(main.mine.length, main.theirs.length);
  assert.ok(main.mine.length >= 3 && worker.mine.length >= 4);
  assert.equal(s.split, 3);
  assert.ok(s.weights.buffer instanceof SharedArrayBuffer);
  assert.equal(s.batch.historyIds.length, 6);
  assert.equal(s.batch.dense.length, 3);
  assert.equal(s.batch.labels.length, 3);
});
