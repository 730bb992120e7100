import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { overrideWasmKernel, type WasmKernelCall } from '../../../src/runtime/kernels/override.ts';
import { initTf, tf } from '../../../src/runtime/tf.ts';
import { callKernel } from '../../helpers/runtime-kernel.ts';

// The stock wasm kernels only, so that each override wraps tf.js's own kernel.
process.env.RECO_FAST_KERNELS = 'none';

before(async () => {
  assert.deepEqual((await initTf('wasm')).kernels, []);
});

test('a kernel the wasm backend does not have cannot be overridden', () => {
  assert.equal(
    overrideWasmKernel('NoSuchKernel', () => {
      throw new Error('never called');
    }),
    undefined,
  );
});

test('the config replaces the named wasm kernel and hands the call to the replacement', () => {
  const calls: WasmKernelCall[] = [];
  const config = overrideWasmKernel('Sub', (call) => {
    calls.push(call);
    return call.fallback();
  });
  assert.ok(config);
  assert.equal(config.kernelName, 'Sub');
  assert.equal(config.backendName, 'wasm');
  const a = tf.tensor1d([5, 7]);
  const b = tf.tensor1d([1, 2]);
  const [out] = callKernel(config, { a, b }, { note: 1 });
  assert.deepEqual(out.values, [4, 5], 'fallback() with no arguments runs the stock kernel on the same call');
  assert.equal(calls.length, 1);
  assert.equal(calls[0].inputs.a, a);
  assert.equal(calls[0].inputs.b, b);
  assert.deepEqual(calls[0].attrs, { note: 1 });
  assert.equal(calls[0].backend, tf.backend());
  tf.dispose([a, b]);
});

test('fallback takes other inputs or attributes, keeping the rest of the call', () => {
  const swapped = overrideWasmKernel('Sub', ({ inputs, fallback }) => fallback({ a: inputs.b, b: inputs.a }));
  const a = tf.tensor1d([5, 7]);
  const b = tf.tensor1d([1, 2]);
  assert.ok(swapped);
  assert.deepEqual(callKernel(swapped, { a, b })[0].values, [-4, -5]);
  // New attributes only: the call's own inputs still go to the stock kernel.
  const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  const summed = overrideWasmKernel('Sum', ({ fallback }) =>
    fallback(undefined, { axis: [1], keepDims: false }),
  );
  assert.ok(summed);
  const [out] = callKernel(summed, { x }, { axis: [0], keepDims: false });
  assert.deepEqual(out.values, [3, 7]);
  tf.dispose([a, b, x]);
});

test('a call without attributes gives the replacement an empty attribute map', () => {
  let seen: unknown;
  const config = overrideWasmKernel('Neg', ({ attrs, fallback }) => {
    seen = attrs;
    return fallback();
  });
  assert.ok(config);
  const x = tf.tensor1d([1, -2]);
  const info = config.kernelFunc({ inputs: { x }, backend: tf.backend() } as never) as tf.TensorInfo;
  const t = tf.engine().makeTensorFromTensorInfo(info);
  assert.deepEqual([...t.dataSync()], [-1, 2]);
  assert.deepEqual(seen, {});
  tf.dispose([x, t]);
});
