import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { getKernel } from '@tensorflow/tfjs';
import { registerWasmKernels } from '../../../src/runtime/kernels/register.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { onBackend } from '../../helpers/backend.ts';

// initTf registers nothing, so this file's own call is the first registration.
process.env.RECO_FAST_KERNELS = 'none';

const NAMES = ['UnsortedSegmentSum', 'BatchMatMul', 'GatherV2', 'Concat', 'SplitV', 'Sum'];
const stock: Record<string, unknown> = {};

before(async () => {
  assert.deepEqual((await initTf('wasm')).kernels, []);
  for (const name of NAMES) stock[name] = getKernel(name, 'wasm')?.kernelFunc;
});

test('registers only the kernels named, in the list order, over the stock ones', () => {
  const names = registerWasmKernels(['Sum', 'GatherV2', 'NotAKernel']);
  assert.deepEqual(names, ['GatherV2', 'Sum']);
  for (const name of ['GatherV2', 'Sum']) {
    const k = getKernel(name, 'wasm');
    assert.ok(k && k.kernelFunc !== stock[name], `${name} replaced`);
  }
  for (const name of ['BatchMatMul', 'Concat', 'SplitV'])
    assert.equal(getKernel(name, 'wasm')?.kernelFunc, stock[name], `${name} left stock`);
  assert.equal(getKernel('UnsortedSegmentSum', 'wasm'), undefined, 'the added kernel was not asked for');
});

test('is idempotent: later calls return the first registration, whatever they ask', () => {
  const first = registerWasmKernels();
  assert.deepEqual(first, ['GatherV2', 'Sum']);
  assert.equal(registerWasmKernels(['Concat']), first);
  assert.equal(getKernel('Concat', 'wasm')?.kernelFunc, stock.Concat);
});

test('the registered kernels are what tf ops run on wasm, with cpu answers', async () => {
  const run = () =>
    tf.tidy(() => {
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
      return {
        sum: [...tf.sum(x, 0).dataSync()],
        rows: [...tf.gather(x, tf.tensor1d([2, 2, 0], 'int32')).dataSync()],
      };
    });
  const wasm = run();
  assert.deepEqual(wasm, { sum: [9, 12], rows: [5, 6, 5, 6, 1, 2] });
  assert.deepEqual(wasm, await onBackend('cpu', run));
});
