import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { nativeAddon } from '../../src/runtime/native.ts';
import { BACKEND_CHOICES, initTf, type RuntimeInfo, runtimeSummary, tf } from '../../src/runtime/tf.ts';
import { runChild, srcUrl } from '../helpers/runtime-child.ts';

const ALL_KERNELS = ['UnsortedSegmentSum', 'BatchMatMul', 'GatherV2', 'Concat', 'SplitV', 'Sum'];

/** A child that initialises with `arg` and reports what initTf gave (or threw) and the summary. */
const child = (arg: string, env: Record<string, string | undefined>) =>
  runChild<{
    info?: RuntimeInfo;
    summary?: string;
    error?: { name: string; code: string; message: string }[];
  }>(
    `
import { initTf, runtimeSummary } from '${srcUrl('runtime/tf.ts')}';
const error = [];
let info;
for (let i = 0; i < 2; i++) {
  try {
    info = await initTf(${arg});
  } catch (e) {
    error.push({ name: e.name, code: e.code, message: e.message });
  }
}
console.log(JSON.stringify({ info, summary: info && runtimeSummary(info), error }));
`,
    { RECO_TF_BACKEND: undefined, RECO_FAST_KERNELS: undefined, RECO_NATIVE: undefined, ...env },
  );

// Started at once (each a fresh process: initTf decides once per process), awaited by the tests.
let children: ReturnType<typeof child>[];
before(() => {
  children = [
    child(`'nonsense'`, {}),
    child('', { RECO_TF_BACKEND: 'cpu' }),
    child(`'wasm'`, { RECO_FAST_KERNELS: ' Sum , Concat ', RECO_NATIVE: '0' }),
  ];
  for (const c of children) c.catch(() => {}); // rejections surface in the tests that await them
});

test('the backend choices, best first', () => {
  assert.deepEqual([...BACKEND_CHOICES], ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
});

test("initTf('wasm') runs wasm with every reco kernel registered", async () => {
  const info = await initTf('wasm');
  assert.deepEqual(info, { choice: 'wasm', backend: 'wasm', kernels: ALL_KERNELS });
  assert.equal(tf.getBackend(), 'wasm');
});

test('initTf initialises once per process: later calls get the first answer', async () => {
  const first = await initTf('wasm');
  assert.equal(await initTf('cpu'), first);
  assert.equal(await initTf(), first);
  assert.equal(tf.getBackend(), 'wasm');
});

test('an unknown backend is a ConfigError naming the choices, and stays the answer', async () => {
  const { info, error } = await children[0];
  assert.equal(info, undefined);
  assert.equal(error?.length, 2);
  for (const e of error ?? []) {
    assert.equal(e.name, 'ConfigError');
    assert.equal(e.code, 'CONFIG_INVALID');
    assert.equal(
      e.message,
      'RECO_TF_BACKEND: expected one of tensorflow-gpu, tensorflow, wasm, cpu, got "nonsense"',
    );
  }
});

test('RECO_TF_BACKEND=cpu forces the cpu backend: no fast kernels, no addon line', async () => {
  const { info, summary, error } = await children[1];
  assert.deepEqual(error, []);
  assert.deepEqual(info, { choice: 'cpu', backend: 'cpu', kernels: [] });
  assert.equal(summary, 'tensorflow.js backend: cpu (fast kernels: none)');
});

test('RECO_FAST_KERNELS names the kernels to add (trimmed); without the addon, the JS kernels', async () => {
  const { info, summary, error } = await children[2];
  assert.deepEqual(error, []);
  assert.deepEqual(info, { choice: 'wasm', backend: 'wasm', kernels: ['Concat', 'Sum'] });
  assert.equal(
    summary,
    'tensorflow.js backend: wasm (fast kernels: Concat, Sum; native addon not built (apt install libopenblas-dev, npm run build:native): JS kernels)',
  );
});

test('runtimeSummary: the backend, its kernels, and on wasm whether OpenBLAS serves', () => {
  assert.equal(
    runtimeSummary({ choice: 'tensorflow', backend: 'tensorflow', kernels: [] }),
    'tensorflow.js backend: tensorflow (fast kernels: none)',
  );
  const wasm = runtimeSummary({ choice: 'wasm', backend: 'wasm', kernels: ['Sum', 'Concat'] });
  if (nativeAddon()) {
    assert.equal(
      wasm,
      'tensorflow.js backend: wasm (fast kernels: Sum, Concat; native addon: OpenBLAS, 1 thread)',
    );
    const saved = process.env.OPENBLAS_NUM_THREADS;
    process.env.OPENBLAS_NUM_THREADS = '3';
    try {
      assert.match(
        runtimeSummary({ choice: 'wasm', backend: 'wasm', kernels: [] }),
        /OpenBLAS, 3 threads\)$/,
      );
    } finally {
      if (saved === undefined) delete process.env.OPENBLAS_NUM_THREADS;
      else process.env.OPENBLAS_NUM_THREADS = saved;
    }
  } else {
    assert.match(wasm, /; native addon not built .*: JS kernels\)$/);
  }
});
