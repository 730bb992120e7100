import assert from 'node:assert/strict';
import { afterEach, before, test } from 'node:test';
import { ConfigError } from '../../src/errors.ts';
import { fusedOps, hostFloats, hostKernels, hostTensor } from '../../src/runtime/host.ts';
import { jsKernels } from '../../src/runtime/js-kernels.ts';
import { nativeAddon } from '../../src/runtime/native.ts';
import { initTf, tf } from '../../src/runtime/tf.ts';
import { onBackend } from '../helpers/backend.ts';

const saved = { fused: process.env.RECO_FUSED, native: process.env.RECO_NATIVE };
const restore = (name: string, value: string | undefined) => {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
};

before(async () => {
  delete process.env.RECO_FUSED;
  delete process.env.RECO_NATIVE;
  await initTf('wasm');
});
afterEach(() => {
  restore('RECO_FUSED', saved.fused);
  restore('RECO_NATIVE', saved.native);
});

test('fusedOps: on by default on wasm, off with RECO_FUSED=0 and on other backends', async () => {
  delete process.env.RECO_FUSED;
  assert.equal(fusedOps(), true);
  process.env.RECO_FUSED = '0';
  assert.equal(fusedOps(), false);
  process.env.RECO_FUSED = 'yes';
  assert.equal(fusedOps(), true);
  assert.equal(await onBackend('cpu', fusedOps), false);
});

test('fusedOps: a bad RECO_FUSED is a ConfigError naming the variable', () => {
  process.env.RECO_FUSED = 'maybe';
  assert.throws(
    () => fusedOps(),
    (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_INVALID' && /RECO_FUSED/.test(e.message),
  );
});

test('hostKernels: the native addon when it loads, the JS kernels with RECO_NATIVE=0', () => {
  delete process.env.RECO_NATIVE;
  assert.equal(hostKernels(), nativeAddon() ?? jsKernels);
  process.env.RECO_NATIVE = '0';
  assert.equal(hostKernels(), jsKernels);
});

test('hostFloats reads float32 tensors on wasm and on cpu', async () => {
  const t = tf.tensor2d([1.5, -2, 3, 4], [2, 2]);
  assert.deepEqual([...hostFloats(t)], [1.5, -2, 3, 4]);
  t.dispose();
  const cpu = await onBackend('cpu', () => tf.tidy(() => [...hostFloats(tf.tensor1d([7, 8]))]));
  assert.deepEqual(cpu, [7, 8]);
});

test('on wasm hostFloats is a view of the heap: kernels write tensors in place', () => {
  const t = tf.tensor1d([1, 2, 3]);
  hostFloats(t)[1] = 20;
  assert.deepEqual([...t.dataSync()], [1, 20, 3]);
  t.dispose();
});

test('hostFloats refuses other dtypes with a TypeError', () => {
  const t = tf.tensor1d([1, 2], 'int32');
  assert.throws(() => hostFloats(t), {
    name: 'TypeError',
    message: 'host read: expected float32, got int32',
  });
  t.dispose();
});

test('hostTensor: a float32 tensor of the shape, filled by the callback, reading inputs through read', async () => {
  const make = () => {
    const input = tf.tensor1d([1, 2, 3]);
    const out = hostTensor<tf.Rank.R2>([2, 3], (values, read) => {
      assert.equal(values.length, 6);
      const x = read(input);
      for (let i = 0; i < 6; i++) values[i] = x[i % 3] * (i < 3 ? 1 : 10);
    });
    const result = { shape: out.shape, dtype: out.dtype, values: [...out.dataSync()] };
    tf.dispose([input, out]);
    return result;
  };
  const expected = { shape: [2, 3], dtype: 'float32', values: [1, 2, 3, 10, 20, 30] };
  assert.deepEqual(make(), expected);
  assert.deepEqual(await onBackend('cpu', make), expected);
});

test('hostTensor: a throwing fill is rethrown and frees its output on wasm', () => {
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const start = { tensors: tf.memory().numTensors, data: backend.numDataIds() };
  assert.throws(
    () =>
      hostTensor([64, 64], () => {
        throw new RangeError('bad fill');
      }),
    { name: 'RangeError', message: 'bad fill' },
  );
  assert.equal(tf.memory().numTensors, start.tensors);
  assert.equal(backend.numDataIds(), start.data, 'no orphaned wasm buffer');
});
